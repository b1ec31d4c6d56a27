using IPoIBDhcp.Wire.Ip;

namespace IPoIBDhcp.Engine;

/// <summary>
/// The receive step every link-layer backend shares: decode the IPv4/UDP packet, keep only datagrams for
/// the port's UDP port, copy the payload into the caller's buffer, and count each drop by its reason.
/// </summary>
internal static class UdpDelivery
{
    /// <summary>
    /// True when <paramref name="packet"/> is a well-formed datagram for <paramref name="localPort"/> that fits
    /// <paramref name="buffer"/>; its payload is then copied and counted as received.
    /// </summary>
    public static bool TryCopyPayload(ReadOnlySpan<byte> packet, ChecksumPolicy policy, ushort localPort, Span<byte> buffer,
        PortCounters counters, out UdpPacketView view)
    {
        if (!IPv4UdpCodec.TryRead(packet, policy, out view, out UdpReadStatus status, out _))
        {
            counters.Dropped(status switch
            {
                UdpReadStatus.ChecksumError => DropReason.Checksum,
                // Not for us: DHCP never fragments and we do not reassemble.
                UdpReadStatus.NotUdp or UdpReadStatus.Fragment => DropReason.Filtered,
                _ => DropReason.Malformed,
            });
            return false;
        }
        if (view.DestinationPort != localPort)
        {
            counters.Dropped(DropReason.Filtered);
            return false;
        }
        if (view.Payload.Length > buffer.Length)
        {
            counters.Dropped(DropReason.Mtu);
            return false;
        }
        view.Payload.CopyTo(buffer);
        counters.Received(view.Payload.Length);
        return true;
    }
}
