using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Tests.Dhcpd.Config;

public class ConfigExamplesTests
{
    private static string ExamplesDir => Path.Combine(TestContext.CurrentContext.TestDirectory, "conf-examples");

    public static IEnumerable<string> ExampleFiles() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "conf-examples"), "*.conf")
            .Select(Path.GetFileName)
            .Where(n => n!.StartsWith("dhcpd", StringComparison.Ordinal) || n.StartsWith("seed-", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)!;

    [Test]
    public void ThereAreExamples() => Assert.That(ExampleFiles().Count(), Is.GreaterThanOrEqualTo(3));

    [TestCaseSource(nameof(ExampleFiles))]
    public void ExampleParsesWithoutDiagnostics(string name)
    {
        var result = DhcpdConfigParser.Parse(Path.Combine(ExamplesDir, name));
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.Empty);
        Assert.That(result.Success, Is.True);
    }

    private static ServerConfig Cluster() => DhcpdConfigParser.Parse(Path.Combine(ExamplesDir, "dhcpd.conf")).Config!;

    [Test]
    public void ClusterHasThreePartitionSubnets()
    {
        var config = Cluster();
        Assert.That(config.Subnets.Select(s => s.Network.ToString()), Is.EqualTo(new[] { "198.18.0.0/20", "198.18.16.0/20", "198.18.32.0/20" }));
        // interface-mtu (26) is a 16-bit big-endian integer: 2044 = 0x07fc, 4092 = 0x0ffc.
        Assert.That(config.Subnets[0].Scope.Effective().Options[26], Is.EqualTo(new byte[] { 0x0f, 0xfc }));
        Assert.That(config.Subnets[1].Scope.Effective().Options[26], Is.EqualTo(new byte[] { 0x07, 0xfc }));
        // The compute subnet inherits its MTU from its shared-network.
        Assert.That(config.Subnets[2].SharedNetwork, Is.EqualTo("compute"));
        Assert.That(config.Subnets[2].Scope.Effective().Options[26], Is.EqualTo(new byte[] { 0x0f, 0xfc }));
        // Site option ib-pkey, code 224, unsigned integer 16.
        Assert.That(config.OptionTable[224]!.Name, Is.EqualTo("ib-pkey"));
        Assert.That(config.Subnets[1].Scope.Effective().Options[224], Is.EqualTo(new byte[] { 0x80, 0x01 }));
    }

    [Test]
    public void ClusterPoolsAndRanges()
    {
        var config = Cluster();
        var first = config.Subnets[0].Pools.Single();
        Assert.That(first.IsImplicit, Is.True);
        Assert.That(first.Ranges.Single().Low, Is.EqualTo(IPv4Address.Parse("198.18.1.10")));
        Assert.That(first.Ranges.Single().Count, Is.EqualTo(241));
        var partition8001 = config.Subnets[1].Pools;
        Assert.That(partition8001.Length, Is.EqualTo(2));
        Assert.That(partition8001[0].Permits.Select(p => (p.Allow, p.Kind, p.ClassName)),
            Is.EqualTo(new[] { (true, PoolPermitKind.MembersOf, (string?)"ipxe"), (true, PoolPermitKind.MembersOf, (string?)"pxe-firmware") }));
        Assert.That(partition8001[1].Permits.Single().Kind, Is.EqualTo(PoolPermitKind.UnknownClients));
        Assert.That(partition8001[1].Permits.Single().Allow, Is.False);
        Assert.That(config.Subnets[2].Pools.Single().Ranges.Single().DynamicBootp, Is.True);
    }

    [Test]
    public void ClusterGlobalParameters()
    {
        var global = Cluster().Global.Parameters;
        Assert.That(global.Find(ServerParameters.Authoritative), Is.True);
        Assert.That(global.Find(ServerParameters.PingCheck), Is.False);
        Assert.That(global.Find(ServerParameters.NextServer), Is.EqualTo(IPv4Address.Parse("198.18.0.1")));
        Assert.That(global.Find(ServerParameters.DefaultLeaseTime), Is.EqualTo(3600u));
        Assert.That(global.Find(ServerParameters.MaxLeaseTime), Is.EqualTo(86400u));
        Assert.That(global.Find(ServerParameters.MinLeaseTime), Is.EqualTo(600u));
        Assert.That(System.Text.Encoding.ASCII.GetString(global.Options[17].AsSpan()), Is.EqualTo("198.18.0.1:/srv/nfsroot"));
        Assert.That(Cluster().LogFacility, Is.EqualTo("local7"));
    }

    [Test]
    public void ClusterHosts()
    {
        var config = Cluster();
        var node003 = config.HostsByName["node003"];
        Assert.That(node003.FixedAddresses.Select(a => a.ToString()), Is.EqualTo(new[] { "198.18.2.3", "198.18.19.3", "198.18.34.3" }));
        // RFC 4390 client-id: ff (type 255) | 00:00:00:00 IAID | 00:02 DUID-EN | 00:00:02:c9 enterprise 713 (Mellanox)
        // | 00:02:c9:03:00:00:10:03 port GUID.
        Assert.That(node003.ClientIdentifier!.Value.Length, Is.EqualTo(20));
        Assert.That(node003.ClientIdentifier!.Value[^1], Is.EqualTo(0x03));
        // The identifier is a key, not a reply option.
        Assert.That(node003.Scope.Parameters.Options.ContainsKey(61), Is.False);
        var storage = config.HostsByName["storage01"];
        Assert.That(storage.Hardware!.Kind, Is.EqualTo(HardwareKind.InfiniBand));
        Assert.That(storage.Hardware.IsPortGuid, Is.True);
        Assert.That(storage.Hardware.Bytes, Is.EqualTo(new byte[] { 0x00, 0x02, 0xc9, 0x03, 0x00, 0x00, 0x10, 0x39 }));
        Assert.That(storage.ClientIdentifier, Is.Null);
        Assert.That(config.Classes.Select(c => c.Name), Is.EqualTo(new[] { "pxe-firmware", "ipxe" }));
    }

    [Test]
    public void ClusterChainLoading()
    {
        var global = Cluster().Global;
        Assert.That(global.Effective(TestOptionSource.Ipxe).Find(ServerParameters.Filename), Is.EqualTo("http://198.18.0.1/boot.ipxe"));
        Assert.That(global.Effective(TestOptionSource.PxeFirmware).Find(ServerParameters.Filename), Is.EqualTo("undionly.kpxe"));
        Assert.That(global.Effective().Find(ServerParameters.Filename), Is.Null);
    }

    [Test]
    public void ClusterClassesMatchFirmwareAndIpxe()
    {
        var classes = Cluster().ClassesByName;
        Assert.That(classes["pxe-firmware"].Matches(TestOptionSource.PxeFirmware), Is.True);
        Assert.That(classes["ipxe"].Matches(TestOptionSource.PxeFirmware), Is.False);
        Assert.That(classes["ipxe"].Matches(TestOptionSource.Ipxe), Is.True);
        Assert.That(classes["pxe-firmware"].Matches(TestOptionSource.Empty), Is.False);
    }

    [Test]
    public void SeedConnectXHostHasTwoPartitions()
    {
        var config = DhcpdConfigParser.Parse(Path.Combine(ExamplesDir, "seed-connectx.conf")).Config!;
        var host1 = config.HostsByName["host1"];
        Assert.That(host1.FixedAddresses.Select(a => a.ToString()), Is.EqualTo(new[] { "10.1.1.1", "10.1.2.1" }));
        Assert.That(host1.ClientIdentifier, Is.EqualTo(Convert.FromHexString("ff00000000000200000" + "2c9000002c90300001039")));
        Assert.That(config.FindSubnet(host1.FixedAddresses[1])!.Network.ToString(), Is.EqualTo("10.1.2.0/24"));
    }

    [Test]
    public void SeedInfiniHostIdentifierIs21Bytes()
    {
        var config = DhcpdConfigParser.Parse(Path.Combine(ExamplesDir, "seed-infinihost.conf")).Config!;
        var id = config.HostsByName["host1"].ClientIdentifier!.Value;
        Assert.That(id.Length, Is.EqualTo(21));
        Assert.That(id[0], Is.EqualTo(0x20));
        Assert.That(id.AsSpan()[^8..].ToArray(), Is.EqualTo(new byte[] { 0x00, 0x02, 0xc9, 0x02, 0x00, 0x23, 0x13, 0x92 }));
    }
}
