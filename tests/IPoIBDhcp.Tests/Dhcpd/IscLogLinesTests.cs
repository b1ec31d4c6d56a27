using IPoIBDhcp.Logging;
using IPoIBDhcp.Server.Logging;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Tests.Dhcpd;

public class IscLogLinesTests
{
    [Test]
    public void IPoIBClientsAreNamedByClientIdAndGuid()
    {
        var m = new DhcpMessage();
        m.Read(HexFixture.Load("rfc4390-discover-flexboot.hex"));
        Assert.That(IscLogLines.Discover(m, IscLogLines.Via(m, "ib0")), Is.EqualTo(
            "DHCPDISCOVER from ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:00:10:39 (guid 0002:c903:0000:1039) via ib0"));
    }

    [Test]
    public void EthernetClientsAreNamedByChaddrAsIscDoes()
    {
        var m = new DhcpMessage();
        m.Read(HexFixture.Load("peers/isc443-3-request.hex"));
        // The same line ISC dhcpd 4.4.3 logged for this captured packet, plus the GUID its client-id carries.
        Assert.That(IscLogLines.Request(m, IPv4Address.Parse("198.18.0.100"), "cs0"), Is.EqualTo(
            "DHCPREQUEST for 198.18.0.100 (198.18.0.1) from fa:2a:a6:49:92:ac (guid 0002:c903:0000:1039) via cs0"));
        m.Read(HexFixture.Load("peers/kea220-1-discover.hex"));
        Assert.That(IscLogLines.Via(m, "lo"), Is.EqualTo("127.0.0.2"));
    }

    [Test]
    public void StderrSinkDropsDebugUnlessEnabled()
    {
        var w = new StringWriter();
        var sink = new StderrLogSink(w, LogSeverity.Info);
        sink.Write(LogSeverity.Debug, "hidden");
        sink.Write(LogSeverity.Info, "shown");
        Assert.That(w.ToString(), Is.EqualTo("shown" + Environment.NewLine));
    }
}
