using System.Buffers.Binary;
using IPoIBDhcp.InfiniBand;

namespace IPoIBDhcp.Engine.Fabric;

/// <summary>
/// The emulation header in front of the real IPoIB framing on the emulated wire. It carries what a real
/// InfiniBand packet has in its LRH/GRH/BTH/DETH and the HCA knows without parsing: the P_Key the sender
/// used, the sender's 20-byte address, the destination (a QPN+GID or the broadcast MGID), and the HCA's
/// verdict on the ICRC. Layout (network order):
/// <code>
///  0  u32  magic 0x49424546 ("IBEF")
///  4  u8   version (1)
///  5  u8   flags: 1 = sent to the broadcast group, 2 = ICRC failed (damaged in flight)
///  6  u16  P_Key the sender used (membership bit included)
///  8  u32  fabric tag (first 4 bytes of SHA-256 of the fabric name): frames of another fabric are ignored
/// 12  20B  source IPoIB address (flags, QPN, GID)
/// 32  20B  destination IPoIB address (QPN 0xFFFFFF + MGID for broadcast)
/// 52       IPoIB encapsulation header (4 bytes, EtherType 0x0800), then IPv4 + UDP
/// </code>
/// </summary>
internal static class FabricFrame
{
    public const int HeaderLength = 52;
    public const int IPv4Offset = HeaderLength + IPoIBEncapsulationHeader.Size;
    public const uint Magic = 0x4942_4546;
    public const byte Version = 1;
    public const byte FlagBroadcast = 1;
    public const byte FlagIcrcError = 2;
    public const int SourceOffset = 12;
    public const int DestinationOffset = 32;

    public static void WriteHeader(Span<byte> frame, uint fabricTag, PKey pkey, bool broadcast, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(frame, Magic);
        frame[4] = Version;
        frame[5] = broadcast ? FlagBroadcast : (byte)0;
        BinaryPrimitives.WriteUInt16BigEndian(frame[6..], pkey.Value);
        BinaryPrimitives.WriteUInt32BigEndian(frame[8..], fabricTag);
        source.CopyTo(frame[SourceOffset..]);
        destination.CopyTo(frame[DestinationOffset..]);
    }

    /// <summary>Reads the header; false when too short, of another version, or of another fabric.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> frame, uint fabricTag, out FrameHeader header)
    {
        header = default;
        if (frame.Length < IPv4Offset
            || BinaryPrimitives.ReadUInt32BigEndian(frame) != Magic
            || frame[4] != Version
            || BinaryPrimitives.ReadUInt32BigEndian(frame[8..]) != fabricTag)
            return false;
        ReadOnlySpan<byte> destination = frame.Slice(DestinationOffset, IPoIBHardwareAddress.Size);
        ReadOnlySpan<byte> ip = frame[IPv4Offset..];
        int udp = UdpHeaderOffset(ip);
        header = new FrameHeader(
            frame[5],
            new PKey(BinaryPrimitives.ReadUInt16BigEndian(frame[6..])),
            BinaryPrimitives.ReadUInt64BigEndian(frame[(SourceOffset + 12)..]),
            BinaryPrimitives.ReadUInt64BigEndian(frame[(DestinationOffset + 12)..]),
            BinaryPrimitives.ReadUInt32BigEndian(destination) & 0xFFFFFF,
            PeekUdpDestinationPort(ip, udp),
            PeekBootReplyXid(ip, udp));
        return true;
    }

    /// <summary>Marks a frame as damaged in flight: the receiving "HCA" will report an ICRC failure.</summary>
    public static void MarkIcrcError(Span<byte> frame) => frame[5] |= FlagIcrcError;

    /// <summary>
    /// Where the UDP header starts within the IPv4 datagram (its IHL), read the way a NIC's flow steering would
    /// (version 4, protocol 17); -1 when the IPv4/UDP headers are not there to read.
    /// </summary>
    private static int UdpHeaderOffset(ReadOnlySpan<byte> ip)
    {
        if (ip.Length < 20 || (ip[0] >> 4) != 4 || ip[9] != 17)
            return -1;
        int ihl = (ip[0] & 0xF) * 4;
        return ihl < 20 || ip.Length < ihl + 8 ? -1 : ihl;
    }

    /// <summary>The UDP destination port, so the switch queues a datagram only on ports bound to it; -1 without a UDP header.</summary>
    private static int PeekUdpDestinationPort(ReadOnlySpan<byte> ip, int udp) =>
        udp < 0 ? -1 : BinaryPrimitives.ReadUInt16BigEndian(ip[(udp + 2)..]);

    /// <summary>
    /// The transaction id of a BOOTP reply in the UDP payload (op 2, xid at payload offset 4), read as a DHCP client's
    /// classic BPF filter reads it; -1 when the frame carries no UDP payload long enough, or a request.
    /// </summary>
    private static long PeekBootReplyXid(ReadOnlySpan<byte> ip, int udp)
    {
        int payload = udp + 8;
        if (udp < 0 || ip.Length < payload + Wire.Dhcp.BootpFieldLocations.Xid + 4 || ip[payload + Wire.Dhcp.BootpFieldLocations.Op] != 2)
            return -1;
        return BinaryPrimitives.ReadUInt32BigEndian(ip[(payload + Wire.Dhcp.BootpFieldLocations.Xid)..]);
    }
}
