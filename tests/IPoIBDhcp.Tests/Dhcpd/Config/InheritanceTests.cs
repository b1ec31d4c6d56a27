using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Tests.Dhcpd.Config;

public class InheritanceTests
{
    private const string Text = """
        default-lease-time 600;
        max-lease-time 7200;
        next-server 198.18.0.1;
        filename "global.kpxe";
        option domain-name "global.example";
        option interface-mtu 2044;
        authoritative;
        class "ipxe" {
          match if option user-class = "iPXE";
          filename "class.ipxe";
          option domain-name "class.example";
        }
        group {
          option domain-name "group.example";
          shared-network pkey8001 {
            option interface-mtu 4092;
            default-lease-time 1200;
            subnet 198.18.16.0 netmask 255.255.240.0 {
              option routers 198.18.16.1;
              pool {
                filename "pool.kpxe";
                range 198.18.17.10 198.18.17.20;
              }
            }
          }
          host node1 {
            option dhcp-client-identifier 01:02:03;
            filename "host.kpxe";
            fixed-address 198.18.16.5;
          }
        }
        host node2 {
          option domain-name "node2.example";
        }
        """;

    private static ServerConfig Config()
    {
        var result = DhcpdConfigParser.ParseText(Text, "dhcpd.conf");
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.Empty);
        return result.Config!;
    }

    [Test]
    public void ScopeChainsFollowTheText()
    {
        var config = Config();
        var pool = config.Subnets.Single().Pools.Single().Scope;
        Assert.That(pool.Chain().Select(s => s.Kind),
            Is.EqualTo(new[] { ScopeKind.Pool, ScopeKind.Subnet, ScopeKind.SharedNetwork, ScopeKind.Group, ScopeKind.Global }));
        Assert.That(config.HostsByName["node1"].Scope.Parent!.Kind, Is.EqualTo(ScopeKind.Group));
        Assert.That(config.Subnets.Single().SharedNetwork, Is.EqualTo("pkey8001"));
        Assert.That(config.SharedNetworks.Single().Subnets.Single(), Is.SameAs(config.Subnets.Single()));
    }

    [Test]
    public void PoolEffectiveParameters()
    {
        var effective = Config().Subnets.Single().Pools.Single().Scope.Effective();
        Assert.That(effective.Find(ServerParameters.Filename), Is.EqualTo("pool.kpxe"));                 // pool
        Assert.That(effective.Options[3], Is.EqualTo(new byte[] { 198, 18, 16, 1 })); // subnet
        Assert.That(effective.Options[26], Is.EqualTo(new byte[] { 0x0f, 0xfc }));  // shared-network: 4092
        Assert.That(effective.Find(ServerParameters.DefaultLeaseTime), Is.EqualTo(1200u));                // shared-network
        Assert.That(effective.Options[15], Is.EqualTo("group.example"u8.ToArray())); // group
        Assert.That(effective.Find(ServerParameters.MaxLeaseTime), Is.EqualTo(7200u));                    // global
        Assert.That(effective.Find(ServerParameters.NextServer), Is.EqualTo(IPv4Address.Parse("198.18.0.1")));
        Assert.That(effective.Find(ServerParameters.Authoritative), Is.True);
    }

    [Test]
    public void HostBeatsClassBeatsPool()
    {
        var config = Config();
        var pool = config.Subnets.Single().Pools.Single().Scope;
        var ipxe = config.ClassesByName["ipxe"].Scope;
        var node1 = config.HostsByName["node1"].Scope;

        var hostClassPool = ParameterResolver.Resolve(TestOptionSource.Ipxe, node1, [ipxe], pool);
        Assert.That(hostClassPool.Find(ServerParameters.Filename), Is.EqualTo("host.kpxe"));
        // node1's group also encloses the pool's shared-network, so (as ISC's limiting group) it is consulted
        // at its place in the pool's chain: the class's domain-name beats it.
        Assert.That(hostClassPool.Options[15], Is.EqualTo("class.example"u8.ToArray()));
        Assert.That(hostClassPool.Options[26], Is.EqualTo(new byte[] { 0x0f, 0xfc }));

        var node2 = config.HostsByName["node2"].Scope;
        var node2Resolved = ParameterResolver.Resolve(null, node2, [ipxe], pool);
        Assert.That(node2Resolved.Options[15], Is.EqualTo("node2.example"u8.ToArray()));
        Assert.That(node2Resolved.Find(ServerParameters.Filename), Is.EqualTo("class.ipxe"));       // class beats pool
        // Global is consulted last even though it encloses the host: pool values are not overridden by it.
        Assert.That(node2Resolved.Find(ServerParameters.DefaultLeaseTime), Is.EqualTo(1200u));

        var classPool = ParameterResolver.Resolve(null, null, [ipxe], pool);
        Assert.That(classPool.Options[15], Is.EqualTo("class.example"u8.ToArray()));
        Assert.That(classPool.Find(ServerParameters.Filename), Is.EqualTo("class.ipxe"));
    }

    [Test]
    public void ClientIdentifierIsAKeyNotAnOption()
    {
        var node1 = Config().HostsByName["node1"];
        Assert.That(node1.ClientIdentifier, Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(node1.Scope.Effective().Options.ContainsKey(61), Is.False);
    }

    [Test]
    public void ConditionalsOverrideTheirScopeInOrder()
    {
        var result = DhcpdConfigParser.ParseText("""
            filename "a";
            if exists user-class { filename "b"; option domain-name "x"; }
            elsif exists vendor-class-identifier { filename "c"; }
            else { filename "d"; }
            if option user-class = "iPXE" { if exists vendor-class-identifier { filename "nested"; } }
            """, "dhcpd.conf");
        Assert.That(result.Diagnostics, Is.Empty);
        var global = result.Config!.Global;
        Assert.That(global.Effective().Find(ServerParameters.Filename), Is.EqualTo("a"));
        Assert.That(global.Effective(TestOptionSource.Ipxe).Find(ServerParameters.Filename), Is.EqualTo("nested"));
        Assert.That(global.Effective(TestOptionSource.Ipxe).Options[15], Is.EqualTo("x"u8.ToArray()));
        Assert.That(global.Effective(TestOptionSource.PxeFirmware).Find(ServerParameters.Filename), Is.EqualTo("c"));
        Assert.That(global.Effective(TestOptionSource.Empty).Find(ServerParameters.Filename), Is.EqualTo("d"));
        Assert.That(global.Parameters.Conditionals.Length, Is.EqualTo(2));
        Assert.That(global.Parameters.Conditionals[0].Branches.Length, Is.EqualTo(3));
        Assert.That(global.Parameters.Conditionals[0].Branches[2].Condition, Is.Null);
    }

    [Test]
    public void NodesKeepTheirPositions()
    {
        var config = Config();
        Assert.That(config.HostsByName["node1"].Position.ToString(), Is.EqualTo("dhcpd.conf:26:3"));
        Assert.That(config.Subnets.Single().Pools.Single().Ranges.Single().Position.ToString(), Is.EqualTo("dhcpd.conf:22:9"));
        Assert.That(config.ClassesByName["ipxe"].Position.ToString(), Is.EqualTo("dhcpd.conf:8:1"));
    }

    [Test]
    public void NotAuthoritativeAndFlags()
    {
        var result = DhcpdConfigParser.ParseText(
            "not authoritative;\necho-client-id on;\nping-check true;\nserver-identifier 198.18.0.1;\nserver-name \"head\";\n" +
            "deny unknown-clients;\nignore bootp;\nallow booting;\n", "dhcpd.conf");
        Assert.That(result.Diagnostics, Is.Empty);
        var p = result.Config!.Global.Parameters;
        Assert.That(p.Find(ServerParameters.Authoritative), Is.False);
        Assert.That(p.Find(ServerParameters.EchoClientId), Is.True);
        Assert.That(p.Find(ServerParameters.PingCheck), Is.True);
        Assert.That(p.Find(ServerParameters.ServerIdentifier), Is.EqualTo(IPv4Address.Parse("198.18.0.1")));
        Assert.That(p.Find(ServerParameters.ServerName), Is.EqualTo("head"));
        Assert.That(p.Find(ServerParameters.UnknownClients), Is.EqualTo(AccessMode.Deny));
        Assert.That(p.Find(ServerParameters.Bootp), Is.EqualTo(AccessMode.Ignore));
        Assert.That(p.Find(ServerParameters.Booting), Is.EqualTo(AccessMode.Allow));
    }

    [Test]
    public void HostGroupNotEnclosingThePoolBeatsTheClass()
    {
        var result = DhcpdConfigParser.ParseText("""
            option domain-name "global";
            class "c" { match if exists user-class; option domain-name "class"; }
            subnet 198.18.0.0 netmask 255.255.255.0 { pool { range 198.18.0.10 198.18.0.20; } }
            group { option domain-name "hostgroup"; host h { } }
            """, "dhcpd.conf");
        Assert.That(result.Diagnostics, Is.Empty);
        var config = result.Config!;
        var resolved = ParameterResolver.Resolve(null, config.Hosts.Single().Scope, [config.Classes.Single().Scope],
            config.Subnets.Single().Pools.Single().Scope);
        Assert.That(resolved.Options[15], Is.EqualTo("hostgroup"u8.ToArray()));
    }
}
