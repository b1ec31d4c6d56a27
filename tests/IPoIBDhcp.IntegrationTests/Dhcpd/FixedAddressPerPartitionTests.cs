using IPoIBDhcp.Identity;
using IPoIBDhcp.IntegrationTests.Support;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.IntegrationTests.Dhcpd;

/// <summary>
/// The seed's host stanza as shipped (conf-examples/dhcpd.conf, host node003: ConnectX client identifier, three
/// fixed addresses): a node that is a full member of the default, storage (0x8001) and compute (0x8002) partitions
/// gets, on each child interface, the fixed address of that partition's subnet with that subnet's parameters.
/// </summary>
public sealed class FixedAddressPerPartitionTests
{
    // node003 (0002:c903:0000:1003) made a full member of every partition; the head as in the shipped file.
    private const string Partitions = """
        Default=0x7fff, ipoib, mtu=5 : ALL=full;
        storage=0x8001, ipoib, mtu=4 : 0x0002c90300000001=full, 0x0002c90300001003=full;
        compute=0x8002, ipoib, mtu=5 : 0x0002c90300000001=full, 0x0002c90300001003=full;
        """;

    private static readonly ClientIdentifier Node003 =
        ClientIdentifier.Parse("ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:00:10:03");

    [Test]
    public async Task Node003_GetsTheFixedAddressOfEachPartitionsSubnet()
    {
        using var workspace = Workspace.Create();
        var fabric = TestFabric.Create(workspace, Partitions);
        string config = workspace.Write("dhcpd.conf", await File.ReadAllTextAsync(Path.Combine(RepoLayout.ConfExamples, "dhcpd.conf")));
        string leases = workspace.File("dhcpd.leases");
        await using var dhcpd = await Support.Dhcpd.StartOnFabricAsync(fabric, config, leases, "head", ["ib0", "ib0.8001", "ib0.8002"]);
        await using var engine = fabric.Join("node003");
        string who = $"{Node003.ToColonHex()} (guid 0002:c903:0000:1003)";
        uint xid = (uint)TestContext.CurrentContext.Random.Next();

        (string Interface, string Address, string Server, string Mask, ushort Mtu)[] expected =
        [
            ("ib0", "198.18.2.3", "198.18.0.1", "255.255.240.0", 4092),
            ("ib0.8001", "198.18.19.3", "198.18.16.1", "255.255.240.0", 2044),
            ("ib0.8002", "198.18.34.3", "198.18.32.1", "255.255.240.0", 4092),
        ];
        for (int i = 0; i < expected.Length; i++)
        {
            var (name, addressText, serverText, mask, mtu) = expected[i];
            var port = engine.OpenPort("node003", name, 68);
            Assert.That(port.HasCarrier, Is.True, $"{name}: node003 is a member of its partition");
            await using var client = DhcpTestClient.OverPort(port);
            var address = IPv4Address.Parse(addressText);
            var server = IPv4Address.Parse(serverText);

            var discover = new DhcpPacket(DhcpMessageType.Discover, xid++, Node003);
            var offer = await client.ExchangeAsync(discover, DhcpRoute.Broadcast);
            IPoIBReplyAssert.Framing(offer, discover, DhcpMessageType.Offer);
            Assert.That(offer!.YourAddress, Is.EqualTo(address), $"{name}: the fixed address in this partition's subnet");
            Assert.That(offer.ServerIdentifier, Is.EqualTo(server), $"{name}: the head's address on {name}");

            var request = new DhcpPacket(DhcpMessageType.Request, xid++, Node003) { RequestedAddress = address, ServerIdentifier = server };
            var ack = await client.ExchangeAsync(request, DhcpRoute.Broadcast);
            IPoIBReplyAssert.Framing(ack, request, DhcpMessageType.Ack);
            Assert.That(ack!.YourAddress, Is.EqualTo(address));
            Assert.That(ack.Address(DhcpOptionCode.Routers), Is.EqualTo(server), $"{name}: the subnet's routers");
            Assert.That(ack.Address(DhcpOptionCode.SubnetMask), Is.EqualTo(IPv4Address.Parse(mask)));
            Assert.That(ack.UInt16(DhcpOptionCode.InterfaceMtu), Is.EqualTo(mtu), $"{name}: the partition's IPoIB MTU");
            Assert.That(ack.UInt32(DhcpOptionCode.LeaseTime), Is.EqualTo(7200), "the group's default-lease-time");
            Assert.That(ack.Text(DhcpOptionCode.HostName), Is.EqualTo("compute"), "the group's host-name");
            await dhcpd.WaitForLineAsync($"DHCPACK on {address} to {who} via {name}", TimeSpan.FromSeconds(10));

            // INIT-REBOOT on the same interface keeps it; asking for another partition's address is refused.
            var otherPartitions = IPv4Address.Parse(expected[(i + 1) % expected.Length].Address);
            var wrong = new DhcpPacket(DhcpMessageType.Request, xid++, Node003) { RequestedAddress = otherPartitions };
            var nak = await client.ExchangeAsync(wrong, DhcpRoute.Broadcast);
            IPoIBReplyAssert.Framing(nak, wrong, DhcpMessageType.Nak);
        }

        // Fixed addresses are not leases: ISC writes no lease record for them, and neither does dhcpd.
        Assert.That(LeaseFile.Latest(leases), Is.Empty);
    }
}
