using IPoIBDhcp.Engine;
using IPoIBDhcp.Server.Protocol;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Tests.Dhcpd;

public class ReplyRouterTests
{
    private const PortCapabilities Raw = PortCapabilities.LinkBroadcast | PortCapabilities.LinkUnicast | PortCapabilities.ReportsLinkSource;
    private static readonly LinkAddress Mac = new([2, 0, 0, 0, 0, 7]);

    private static DhcpMessage Request(byte htype, bool broadcast, string giaddr = "0.0.0.0", string ciaddr = "0.0.0.0")
    {
        var buffer = new byte[600];
        var w = new DhcpMessageWriter(buffer)
        {
            Op = BootpOpCode.BootRequest, HardwareType = htype, Flags = broadcast ? BootpFieldLocations.BroadcastFlag : (ushort)0,
            GatewayAddress = IPv4Address.Parse(giaddr), ClientAddress = IPv4Address.Parse(ciaddr),
        };
        w.SetClientHardwareAddress(htype == HardwareType.InfiniBand ? [] : Mac.Span);
        w.WriteMessageType(DhcpMessageType.Request);
        var m = new DhcpMessage();
        m.Read(buffer.AsSpan(0, w.Finish()));
        return m;
    }

    private static ReplyRoute Route(DhcpMessage m, PortCapabilities caps = Raw, bool nak = false) =>
        ReplyRouter.Route(m, new ReceivedDatagram(0, default, Mac, null, ChecksumStatus.Absent, true), caps, nak, IPv4Address.Parse("198.18.0.50"), 67);

    [Test]
    public void RelayedRepliesGoToGiaddrOnTheServerPortEvenForNak()
    {
        var r = Route(Request(HardwareType.InfiniBand, true, giaddr: "198.19.0.1"), nak: true);
        Assert.That(r, Is.EqualTo(new ReplyRoute(IPv4Address.Parse("198.19.0.1"), 67, LinkTarget.Routed, "relay")));
    }

    [Test]
    public void IPoIBRepliesAreBroadcastOnTheLinkWithOrWithoutTheFlag()
    {
        foreach (bool flag in new[] { true, false })
        {
            var r = Route(Request(HardwareType.InfiniBand, flag));
            Assert.That((r.Destination, r.Port, r.Target), Is.EqualTo((IPv4Address.Broadcast, (ushort)68, LinkTarget.Broadcast)));
        }
    }

    [Test]
    public void NakIsBroadcastAndBoundClientsGetUnicastToCiaddr()
    {
        Assert.That(Route(Request(HardwareType.Ethernet, false), nak: true).Target, Is.EqualTo(LinkTarget.Broadcast));
        var renew = Route(Request(HardwareType.InfiniBand, true, ciaddr: "198.18.0.50"));
        Assert.That((renew.Destination, renew.Target), Is.EqualTo((IPv4Address.Parse("198.18.0.50"), LinkTarget.To(Mac))));
        var viaUdp = Route(Request(HardwareType.Ethernet, false, ciaddr: "198.18.0.50"), PortCapabilities.Routed);
        Assert.That(viaUdp.Target, Is.EqualTo(LinkTarget.Routed));
        var packetSocketOnIPoIB = Route(Request(HardwareType.InfiniBand, true, ciaddr: "198.18.0.50"), PortCapabilities.LinkBroadcast);
        Assert.That((packetSocketOnIPoIB.Destination.ToString(), packetSocketOnIPoIB.Target), Is.EqualTo(("198.18.0.50", LinkTarget.Broadcast)));
    }

    [Test]
    public void EthernetWithoutBroadcastFlagIsUnicastToChaddrWhenThePortCan()
    {
        var r = Route(Request(HardwareType.Ethernet, false));
        Assert.That((r.Destination, r.Target), Is.EqualTo((IPv4Address.Parse("198.18.0.50"), LinkTarget.To(Mac))));
        Assert.That(Route(Request(HardwareType.Ethernet, true)).Target, Is.EqualTo(LinkTarget.Broadcast));
        Assert.That(Route(Request(HardwareType.Ethernet, false), PortCapabilities.LinkBroadcast).Target, Is.EqualTo(LinkTarget.Broadcast));
    }
}
