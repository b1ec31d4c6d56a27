namespace IPoIBDhcp.Wire.Ip;

/// <summary>
/// A received IPv4/UDP datagram, validated by <see cref="IPv4UdpCodec.TryRead(ReadOnlySpan{byte}, ChecksumPolicy, out UdpPacketView, out UdpReadStatus, out WireError)"/>.
/// A ref struct so the payload stays a slice of the receive buffer: no copy, no allocation, and it cannot
/// outlive the buffer it points into.
/// </summary>
public readonly ref struct UdpPacketView
{
    internal UdpPacketView(IPv4Header ip, UdpHeader udp, ReadOnlySpan<byte> payload, UdpChecksumState checksumState)
    {
        Ip = ip;
        Udp = udp;
        Payload = payload;
        ChecksumState = checksumState;
    }

    /// <summary>The IPv4 header, for fields the shortcuts below do not cover (TOS, identification, flags).</summary>
    public IPv4Header Ip { get; }

    /// <summary>The UDP header as read.</summary>
    public UdpHeader Udp { get; }

    /// <summary>The UDP payload (the DHCP message), excluding IP padding and link-layer trailers.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Whether the UDP checksum was verified, absent (0) or trusted to the hardware.</summary>
    public UdpChecksumState ChecksumState { get; }

    /// <summary>Sender address, <see cref="IPv4AddressBits"/> form.</summary>
    public uint SourceAddress => Ip.SourceAddress;

    /// <summary>Sender port.</summary>
    public ushort SourcePort => Udp.SourcePort;

    /// <summary>Receiver address, <see cref="IPv4AddressBits"/> form (255.255.255.255 for a broadcast).</summary>
    public uint DestinationAddress => Ip.DestinationAddress;

    /// <summary>Receiver port.</summary>
    public ushort DestinationPort => Udp.DestinationPort;

    /// <summary>TTL as received (RFC 2131 relays and some clients care whether a packet crossed a router).</summary>
    public byte TimeToLive => Ip.TimeToLive;

    /// <summary>The four addressing values, e.g. to build the reply's endpoints.</summary>
    public IPv4UdpEndpoints Endpoints => new(SourceAddress, SourcePort, DestinationAddress, DestinationPort);
}
