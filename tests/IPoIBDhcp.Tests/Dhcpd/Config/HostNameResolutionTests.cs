using System.Collections.Immutable;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Tests.Dhcpd.Config;

/// <summary>
/// Host names where ISC allows an address, resolved once when the file is read. The names come from a table (no DNS
/// traffic from tests); the system resolver is checked with <c>localhost</c>, which /etc/hosts answers.
/// </summary>
public class HostNameResolutionTests
{
    /// <summary>A resolver over a fixed table that counts its lookups.</summary>
    private sealed class TableResolver(Dictionary<string, string[]> table) : IHostNameResolver
    {
        public List<string> Asked { get; } = [];

        public bool TryResolve(string name, out ImmutableArray<IPv4Address> addresses, out string error)
        {
            Asked.Add(name);
            addresses = table.TryGetValue(name, out var found) ? [.. found.Select(IPv4Address.Parse)] : [];
            error = addresses.IsEmpty ? "no such host" : "";
            return !addresses.IsEmpty;
        }
    }

    private static readonly Dictionary<string, string[]> Names = new()
    {
        ["head"] = ["198.18.0.1"],
        ["ns1.example.org"] = ["198.18.0.2", "198.18.0.3"],
        ["node01"] = ["198.18.0.50"],
    };

    [Test]
    public void NamesBecomeTheirAddresses_InEveryPlaceIscAllowsThem()
    {
        var resolver = new TableResolver(Names);
        var result = DhcpdConfigParser.ParseText(
            "next-server head;\n" +
            "server-identifier head;\n" +
            "option domain-name-servers ns1.example.org, 198.18.0.9;\n" +
            "subnet 198.18.0.0 netmask 255.255.255.0 {\n" +
            "  option routers head;\n" +
            "  host n1 { hardware ethernet 00:11:22:33:44:55; fixed-address node01; }\n" +
            "}\n", "d.conf", null, resolver);

        Assert.That(result.Diagnostics, Is.Empty);
        var config = result.Config!;
        Assert.That(config.Global.Parameters.Get(ServerParameters.NextServer), Is.EqualTo(IPv4Address.Parse("198.18.0.1")));
        Assert.That(config.Global.Parameters.Get(ServerParameters.ServerIdentifier), Is.EqualTo(IPv4Address.Parse("198.18.0.1")));
        Assert.That(config.Global.Parameters.Options[DhcpOptionCode.DomainNameServers], Is.EqualTo(new byte[] { 198, 18, 0, 2, 198, 18, 0, 3, 198, 18, 0, 9 }),
            "every address of the name, then the literal one");
        Assert.That(config.Subnets[0].Scope.Parameters.Options[DhcpOptionCode.Routers], Is.EqualTo(new byte[] { 198, 18, 0, 1 }));
        Assert.That(config.HostsByName["n1"].FixedAddresses, Is.EqualTo(new[] { IPv4Address.Parse("198.18.0.50") }));
        Assert.That(resolver.Asked, Is.EqualTo(new[] { "head", "ns1.example.org", "node01" }), "each name is looked up once per load");
    }

    [Test]
    public void ANameThatDoesNotResolve_IsAnErrorAtItsPosition()
    {
        var result = DhcpdConfigParser.ParseText(
            "next-server nowhere;\n" +
            "subnet 198.18.0.0 netmask 255.255.255.0 {\n" +
            "  option routers head, gw.example.org;\n" +
            "}\n" +
            "host n1 { fixed-address node01, node02; }\n", "d.conf", null, new TableResolver(Names));

        Assert.That(result.Success, Is.False);
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "d.conf:1:13: next-server: cannot resolve host name 'nowhere': no such host",
            "d.conf:3:24: option routers: cannot resolve host name 'gw.example.org': no such host",
            "d.conf:5:33: fixed-address: cannot resolve host name 'node02': no such host",
        }));
    }

    [Test]
    public void TheSystemResolver_AnswersLocalhostFromEtcHosts()
    {
        Assert.That(SystemHostNameResolver.Default.TryResolve("localhost", out var addresses, out var error), Is.True, error);
        Assert.That(addresses, Does.Contain(IPv4Address.Parse("127.0.0.1")));
    }

    [Test]
    public void TheSystemResolver_IsWhatTheParserUsesByDefault()
    {
        var result = DhcpdConfigParser.ParseText("next-server localhost;\nsubnet 198.18.0.0 netmask 255.255.255.0 { }\n", "d.conf");
        Assert.That(result.Diagnostics, Is.Empty);
        Assert.That(result.Config!.Global.Parameters.Get(ServerParameters.NextServer), Is.EqualTo(IPv4Address.Parse("127.0.0.1")));
    }
}
