using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Tests.Dhcpd.Config;

/// <summary>
/// The parser reads the hosts of a file one after the other with one reused builder: nothing a host writes may reach the
/// hosts read after it, whether they write less (nothing at all) or something else.
/// </summary>
public class HostScopesApartTests
{
    [Test]
    public void WhatAHostWrites_StaysWithThatHost()
    {
        var result = DhcpdConfigParser.ParseText("""
            host full {
              option dhcp-client-identifier ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:0c:02:01;
              fixed-address 198.18.1.2, 198.18.2.2;
              default-lease-time 100;
              option routers 198.18.1.1;
              if option vendor-class-identifier = "PXEClient" { filename "pxelinux.0"; }
            }
            host bare { hardware ethernet 02:00:00:00:00:02; }
            host other { fixed-address 198.18.1.3; max-lease-time 300; }
            """, "dhcpd.conf");

        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.Empty);
        var hosts = result.Config!.Hosts.ToDictionary(h => h.Name);
        var (full, bare, other) = (hosts["full"], hosts["bare"], hosts["other"]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(full.ClientIdentifier, Is.Not.Null);
            Assert.That(full.FixedAddresses.Select(a => a.ToString()), Is.EqualTo(new[] { "198.18.1.2", "198.18.2.2" }));
            Assert.That(full.Scope.Parameters.Get(ServerParameters.DefaultLeaseTime), Is.EqualTo(100u));
            Assert.That(full.Scope.Parameters.Options.ContainsKey(DhcpOptionCode.Routers), Is.True);
            Assert.That(full.Scope.Parameters.Conditionals, Has.Length.EqualTo(1));

            Assert.That(bare.ClientIdentifier, Is.Null);
            Assert.That(bare.Hardware, Is.Not.Null);
            Assert.That(bare.FixedAddresses, Is.Empty);
            Assert.That(bare.Scope.Parameters, Is.SameAs(ScopeParameters.Empty), "a host that sets nothing shares the empty set");

            Assert.That(other.Hardware, Is.Null);
            Assert.That(other.FixedAddresses.Select(a => a.ToString()), Is.EqualTo(new[] { "198.18.1.3" }));
            Assert.That(other.Scope.Parameters.IsSet(ServerParameters.DefaultLeaseTime), Is.False);
            Assert.That(other.Scope.Parameters.Get(ServerParameters.MaxLeaseTime), Is.EqualTo(300u));
            Assert.That(other.Scope.Parameters.Options, Is.Empty);
            Assert.That(other.Scope.Parameters.Conditionals, Is.Empty);
            // What the first host's builder held is not what the first host kept.
            Assert.That(full.FixedAddresses, Has.Length.EqualTo(2));
        }
    }
}
