using System.Text;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Tests.Dhcpd.Config;

/// <summary>
/// <c>send OPTION VALUE;</c> in dhcpd.conf (xCAT's makedhcp writes <c>send host-name "node01";</c> in its hosts): ISC's
/// server executes it as <c>supersede</c> (common/execute.c handles both statements in one case), and ISC dhcpd 4.4.3-P1
/// accepts tests/compat/xcat-ethernet.conf with it.
/// </summary>
public class SendStatementTests
{
    [Test]
    public void SendIsSupersede()
    {
        var offer = EvalReplyTests.Offer(
            "option host-name \"global\";\nsubnet 198.18.0.0 netmask 255.255.255.0 {\n  range 198.18.0.10 198.18.0.20;\n  send host-name \"node01\";\n}\n",
            EvalReplyTests.Discover());

        Assert.That(Encoding.ASCII.GetString(offer.GetOption(DhcpOptionCode.HostName)), Is.EqualTo("node01"));
    }
}
