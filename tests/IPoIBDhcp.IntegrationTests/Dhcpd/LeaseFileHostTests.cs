using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.IntegrationTests.Support;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.IntegrationTests.Dhcpd;

/// <summary>
/// A <c>host</c> record that omshell or xCAT's makedhcp left in dhcpd.leases is served after a restart as if dhcpd.conf
/// declared it: node001 gets the record's fixed address instead of one from the range, and a later <c>deleted;</c> record
/// removes a host dhcpd.conf declares, as ISC does when it reads the lease file.
/// </summary>
public sealed class LeaseFileHostTests
{
    private static readonly ClientIdentifier Node001 = ClientIdentifier.FlexBoot(PortGuid.Parse("0002:c903:0000:1001"));
    private static readonly ClientIdentifier Node002 = ClientIdentifier.FlexBoot(PortGuid.Parse("0002:c903:0000:1002"));

    private const string Config = """
        authoritative;
        subnet 198.18.0.0 netmask 255.255.240.0 {
          range 198.18.1.10 198.18.1.20;
        }
        host node002 { option dhcp-client-identifier NODE002; fixed-address 198.18.2.2; }
        """;

    [Test]
    public async Task AHostRecordInTheLeaseFileGetsItsFixedAddressAndADeletedOneRemovesAConfHost()
    {
        using var workspace = Workspace.Create();
        var fabric = TestFabric.Create(workspace);
        string config = workspace.Write("dhcpd.conf", Config.Replace("NODE002", Node002.ToColonHex(), StringComparison.Ordinal));
        string leases = workspace.Write("dhcpd.leases",
            "host node001 {\n  dynamic;\n  uid " + Node001.ToColonHex() + ";\n  fixed-address 198.18.2.50;\n}\n" +
            "host node002 {\n  dynamic;\n  deleted;\n}\n");
        await using var dhcpd = await Support.Dhcpd.StartOnFabricAsync(fabric, config, leases, "head", ["ib0"]);
        await using var engine = fabric.Join("node001");
        await using var client = DhcpTestClient.OverPort(engine.OpenPort("node001", "ib0", 68));
        uint xid = (uint)TestContext.CurrentContext.Random.Next();

        var discover = new DhcpPacket(DhcpMessageType.Discover, xid++, Node001);
        var offer = await client.ExchangeAsync(discover, DhcpRoute.Broadcast);
        IPoIBReplyAssert.Framing(offer, discover, DhcpMessageType.Offer);
        Assert.That(offer!.YourAddress, Is.EqualTo(IPv4Address.Parse("198.18.2.50")), "the lease file's host record's fixed-address");

        var request = new DhcpPacket(DhcpMessageType.Request, xid++, Node001) { RequestedAddress = offer.YourAddress, ServerIdentifier = IPv4Address.Parse("198.18.0.1") };
        var ack = await client.ExchangeAsync(request, DhcpRoute.Broadcast);
        IPoIBReplyAssert.Framing(ack, request, DhcpMessageType.Ack);
        Assert.That(ack!.YourAddress, Is.EqualTo(IPv4Address.Parse("198.18.2.50")));

        // node002's dhcpd.conf host is deleted by the record: it is served from the range like any unknown client.
        var discover2 = new DhcpPacket(DhcpMessageType.Discover, xid++, Node002);
        var offer2 = await client.ExchangeAsync(discover2, DhcpRoute.Broadcast);
        IPoIBReplyAssert.Framing(offer2, discover2, DhcpMessageType.Offer);
        Assert.That(offer2!.YourAddress, Is.EqualTo(IPv4Address.Parse("198.18.1.10")));
    }
}
