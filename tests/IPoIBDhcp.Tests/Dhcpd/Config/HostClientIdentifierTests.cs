using IPoIBDhcp.Server.Config;

namespace IPoIBDhcp.Tests.Dhcpd.Config;

/// <summary>
/// A host is known by <c>option dhcp-client-identifier</c> in either form ISC takes: the value (<c>option
/// dhcp-client-identifier ff:00:…;</c>) or the expression form with a constant (<c>option dhcp-client-identifier = ff:00:…;</c>,
/// what OpenHPC's and xCAT's IPoIB host stanzas write). ISC dhcpd 4.4.3-P1 answered a FlexBoot DISCOVER with the host's
/// fixed address for both (tests/compat/openhpc.conf, the differential run).
/// </summary>
public class HostClientIdentifierTests
{
    private const string FlexBoot = "ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:0c:02:01";

    [TestCase("option dhcp-client-identifier " + FlexBoot + ";")]
    [TestCase("option dhcp-client-identifier = " + FlexBoot + ";")]
    [TestCase("supersede dhcp-client-identifier = " + FlexBoot + ";")]
    public void EitherFormMakesTheHostsKey(string statement)
    {
        var result = DhcpdConfigParser.ParseText($"host c2-ib0 {{\n  {statement}\n  fixed-address 198.18.1.2;\n}}\n", "dhcpd.conf");

        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.Empty);
        var host = result.Config!.Hosts.Single();
        Assert.That(host.ClientIdentifier, Is.Not.Null);
        Assert.That(string.Join(":", host.ClientIdentifier!.Value.Select(b => b.ToString("x2"))), Is.EqualTo(FlexBoot));
        Assert.That(host.Scope.Parameters.OptionStatements, Is.Empty, "the key is not also sent as an option");
    }
}
