using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Server.Protocol;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;
using static IPoIBDhcp.Tests.Dhcpd.ServerHarness;

namespace IPoIBDhcp.Tests.Dhcpd;

/// <summary>The shipped dhcpd.conf files drive the protocol core through the config → plan adapter.</summary>
public class ConfigPlanTests
{
    private static ServerHarness Load(string file)
    {
        var result = DhcpdConfigParser.Parse(Path.Combine(TestContext.CurrentContext.TestDirectory, "conf-examples", file));
        Assert.That(result.Diagnostics, Is.Empty);
        return new ServerHarness(ConfigPlanBuilder.Build(result.Config!));
    }

    private static ClientIdentifier Node(ushort n) => ClientIdentifier.FlexBoot(new PortGuid(0x0002c90300000000UL | n));

    [Test]
    public void ANodeInThreePartitionsGetsTheFixedAddressOfEach()
    {
        var h = Load("dhcpd.conf");
        var id = Node(0x1003);
        foreach (var (port, address, expected, mtu) in new[]
        {
            ("ib0", "198.18.0.1", "198.18.2.3", 4092),
            ("ib0.8001", "198.18.16.1", "198.18.19.3", 2044),
            ("ib0.8002", "198.18.32.1", "198.18.34.3", 4092),
        })
        {
            h.Send(Build(DhcpMessageType.Discover, id, prl: [1, 3, 12, 26]), h.Port(port, address));
            Assert.That(h.Reply.YourAddress.ToString(), Is.EqualTo(expected), port);
            Assert.That(h.Reply.GetOption(DhcpOptionCode.InterfaceMtu).ToArray(), Is.EqualTo(new[] { (byte)(mtu >> 8), (byte)mtu }), port);
            Assert.That(System.Text.Encoding.ASCII.GetString(h.Reply.GetOption(DhcpOptionCode.HostName)), Is.EqualTo("compute"));
        }
    }

    [Test]
    public void FirmwareAndIpxeGetDifferentBootFiles()
    {
        var h = Load("dhcpd.conf");
        h.Send(Build(DhcpMessageType.Discover, Node(0x1001), vendorClass: "PXEClient:Arch:00000:UNDI:002001"), h.Port());
        Assert.That(System.Text.Encoding.ASCII.GetString(h.Reply.BootFileName), Is.EqualTo("undionly.kpxe"));
        Assert.That(h.Reply.NextServerAddress, Is.EqualTo(A("198.18.0.1")));
        h.Send(Build(DhcpMessageType.Discover, Node(0x1001), userClass: "iPXE"), h.Port());
        Assert.That(System.Text.Encoding.ASCII.GetString(h.Reply.BootFileName), Is.EqualTo("http://198.18.0.1/boot.ipxe"));
        Assert.That(System.Text.Encoding.ASCII.GetString(h.Reply.GetOption(DhcpOptionCode.RootPath)), Is.EqualTo("198.18.0.1:/srv/nfsroot"));
    }

    [Test]
    public void CachedParametersFollowTheArmEachRequestTakes()
    {
        // The resolver caches per (scopes, arms of each if taken): alternating requests of the same node must each
        // get their own arm's answer, from the cache after the first of each kind.
        var h = Load("dhcpd.conf");
        for (int round = 0; round < 3; round++)
        {
            h.Send(Build(DhcpMessageType.Discover, Node(0x1001), vendorClass: "PXEClient:Arch:00000:UNDI:002001"), h.Port());
            Assert.That(System.Text.Encoding.ASCII.GetString(h.Reply.BootFileName), Is.EqualTo("undionly.kpxe"), $"round {round}");
            h.Send(Build(DhcpMessageType.Discover, Node(0x1001), userClass: "iPXE"), h.Port());
            Assert.That(System.Text.Encoding.ASCII.GetString(h.Reply.BootFileName), Is.EqualTo("http://198.18.0.1/boot.ipxe"), $"round {round}");
            h.Send(Build(DhcpMessageType.Discover, Node(0x1002), userClass: "iPXE"), h.Port());
            Assert.That(System.Text.Encoding.ASCII.GetString(h.Reply.BootFileName), Is.EqualTo("http://198.18.0.1/boot.ipxe"), $"round {round}");
        }
    }

    [Test]
    public void HardwareInfinibandGuidMatchesAnyClientIdCarryingIt()
    {
        var h = Load("dhcpd.conf");
        var guid = PortGuid.Parse("0002:c903:0000:1039");
        foreach (var id in new[] { ClientIdentifier.FlexBoot(guid), ClientIdentifier.Rfc4390(guid, 9), ClientIdentifier.InfiniBandGuid(guid) })
        {
            h.Send(Build(DhcpMessageType.Discover, id), h.Port("ib0.8002", "198.18.32.1"));
            Assert.That(h.Reply.YourAddress, Is.EqualTo(A("198.18.34.10")), id.Describe());
            Assert.That(System.Text.Encoding.ASCII.GetString(h.Reply.BootFileName), Is.EqualTo("http://198.18.0.1/storage.ipxe"), "host scope wins over the global if");
        }
    }

    [Test]
    public void PoolPermitsDecideWhoGetsADynamicAddress()
    {
        var h = Load("dhcpd.conf");
        var port = h.Port("ib0.8001", "198.18.16.1");
        // Unknown and in no class: the first pool admits only class members, the second only known clients.
        var d = h.Send(Build(DhcpMessageType.Discover, Node(0x2001)), port);
        Assert.That(d.Kind, Is.EqualTo(DecisionKind.Silent));
        Assert.That(h.Log[^1], Does.EndWith("network 198.18.16.0: no free leases"));
        h.Send(Build(DhcpMessageType.Discover, Node(0x2001), vendorClass: "PXEClient:Arch:00007:UNDI:003016"), port);
        Assert.That(h.Reply.YourAddress.ToString(), Does.StartWith("198.18.17."));
        // The default partition has a plain range: everyone gets an address there.
        h.Send(Build(DhcpMessageType.Discover, Node(0x2002)), h.Port());
        Assert.That(h.Reply.YourAddress.ToString(), Is.EqualTo("198.18.1.10"));
        Assert.That(h.Reply.TryGetLeaseTime(out var lease) && lease == 3600, Is.True);
    }

    [Test]
    public void SeedHostStanzaGivesTheAddressOfTheRequestsNetwork()
    {
        // The InfiniBand driver documentation's example. Nothing leaves this process: no packet is sent anywhere.
        var h = Load("seed-connectx.conf");
        var seed = ClientIdentifier.Parse("ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:00:10:39");
        h.Send(Build(DhcpMessageType.Discover, seed), h.Port("ib0", "10.1.1.254"));
        Assert.That(h.Reply.YourAddress.ToString(), Is.EqualTo("10.1.1.1"));
        h.Send(Build(DhcpMessageType.Discover, seed), h.Port("ib1", "10.1.2.254"));
        Assert.That(h.Reply.YourAddress.ToString(), Is.EqualTo("10.1.2.1"));
        var other = ClientIdentifier.Parse("ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:00:10:3a");
        h.Send(Build(DhcpMessageType.Discover, other), h.Port("ib1", "10.1.2.254"));
        Assert.That(h.Reply.YourAddress.ToString(), Is.EqualTo("10.1.2.2"));
    }
}
