using IPoIBDhcp.Engine;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Server.Protocol;

/// <summary>
/// The reply-routing rules of RFC 2131 section 4.1 with RFC 4390's InfiniBand rule, as one short
/// ordered decision: relay, NAK, bound client, broadcast (always on IPoIB: a server cannot unicast to
/// a 20-byte address it has not resolved), then unicast to the client's link address.
/// </summary>
public static class ReplyRouter
{
    /// <summary>Decides the route of a reply to <paramref name="request"/>.</summary>
    /// <param name="request">The request being answered.</param>
    /// <param name="received">Its receive metadata (link source for unicast).</param>
    /// <param name="capabilities">What the sending port can do.</param>
    /// <param name="isNak">True for DHCPNAK, which RFC 2131 broadcasts unless relayed.</param>
    /// <param name="yourAddress">yiaddr of the reply.</param>
    /// <param name="serverPort">The server port (67, or ISC's <c>-p</c>); clients listen on the next one.</param>
    /// <param name="alwaysBroadcast"><c>always-broadcast</c>: route as if the client had set the broadcast flag.</param>
    public static ReplyRoute Route(DhcpMessage request, in ReceivedDatagram received, PortCapabilities capabilities,
        bool isNak, IPv4Address yourAddress, ushort serverPort, bool alwaysBroadcast = false)
    {
        ushort clientPort = (ushort)(serverPort + 1);
        if (!request.GatewayAddress.IsAny)
            return new ReplyRoute(request.GatewayAddress, serverPort, LinkTarget.Routed, "relay");

        bool canBroadcast = capabilities.HasFlag(PortCapabilities.LinkBroadcast);
        var broadcast = new ReplyRoute(IPv4Address.Broadcast, clientPort, canBroadcast ? LinkTarget.Broadcast : LinkTarget.Routed, "broadcast");
        if (isNak) return broadcast with { Reason = "NAK" };

        if (!request.ClientAddress.IsAny)
        {
            // A bound client answers ARP for ciaddr; without that, its link address from the request still reaches it.
            var target = capabilities.HasFlag(PortCapabilities.LinkUnicast) && !received.LinkSource.IsEmpty
                ? LinkTarget.To(received.LinkSource)
                : capabilities.HasFlag(PortCapabilities.Routed) ? LinkTarget.Routed
                // A packet socket that learned no link source (IPoIB) reaches the client by link broadcast.
                : LinkTarget.Broadcast;
            return new ReplyRoute(request.ClientAddress, clientPort, target, "ciaddr");
        }

        if (request.HardwareType == HardwareType.InfiniBand) return broadcast with { Reason = "IPoIB (RFC 4390)" };
        if (request.IsBroadcast || alwaysBroadcast) return broadcast with { Reason = request.IsBroadcast ? "broadcast flag" : "always-broadcast" };

        if (capabilities.HasFlag(PortCapabilities.LinkUnicast) && request.HardwareAddressLength > 0)
            return new ReplyRoute(yourAddress, clientPort, LinkTarget.To(new LinkAddress(request.ClientHardwareAddress)), "unicast to chaddr");
        return broadcast with { Reason = "cannot unicast to chaddr" };
    }
}
