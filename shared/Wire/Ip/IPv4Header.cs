using System.Buffers.Binary;

namespace IPoIBDhcp.Wire.Ip;

/// <summary>
/// An IPv4 header (RFC 791). The engine writes its own IPv4 packets on raw sockets, so it needs the header
/// as a value: options are accepted (skipped) on read, never written; addresses are integers in the
/// <see cref="IPv4AddressBits"/> form so reading does not allocate.
/// </summary>
public readonly struct IPv4Header
{
    /// <summary>Length of a header without options (IHL = 5), the only kind this type writes.</summary>
    public const int MinimumLength = 20;

    /// <summary>The protocol number of UDP.</summary>
    public const byte ProtocolUdp = 17;

    private const ushort DontFragmentBit = 0x4000;
    private const ushort MoreFragmentsBit = 0x2000;
    private const ushort FragmentOffsetMask = 0x1FFF;

    /// <summary>Describes a header to write; <see cref="Write"/> fills in the checksum.</summary>
    /// <param name="sourceAddress">Source address, <see cref="IPv4AddressBits"/> form.</param>
    /// <param name="destinationAddress">Destination address, <see cref="IPv4AddressBits"/> form.</param>
    /// <param name="protocol">Payload protocol (17 for UDP).</param>
    /// <param name="totalLength">Header plus payload length in bytes.</param>
    /// <param name="timeToLive">Hop limit; 64 is the common default.</param>
    /// <param name="identification">Datagram id; 0 is fine for packets that are never fragmented.</param>
    /// <param name="typeOfService">DSCP (upper 6 bits) and ECN (lower 2 bits).</param>
    /// <param name="dontFragment">Sets the DF flag.</param>
    public IPv4Header(
        uint sourceAddress,
        uint destinationAddress,
        byte protocol,
        ushort totalLength,
        byte timeToLive = 64,
        ushort identification = 0,
        byte typeOfService = 0,
        bool dontFragment = false)
        : this(MinimumLength, typeOfService, totalLength, identification, dontFragment ? DontFragmentBit : (ushort)0,
               timeToLive, protocol, 0, sourceAddress, destinationAddress)
    {
    }

    private IPv4Header(
        int headerLength, byte typeOfService, ushort totalLength, ushort identification, ushort flagsAndOffset,
        byte timeToLive, byte protocol, ushort headerChecksum, uint sourceAddress, uint destinationAddress)
    {
        HeaderLength = headerLength;
        TypeOfService = typeOfService;
        TotalLength = totalLength;
        Identification = identification;
        FlagsAndFragmentOffset = flagsAndOffset;
        TimeToLive = timeToLive;
        Protocol = protocol;
        HeaderChecksum = headerChecksum;
        SourceAddress = sourceAddress;
        DestinationAddress = destinationAddress;
    }

    /// <summary>Header length in bytes (IHL × 4): where the payload starts, past any options.</summary>
    public int HeaderLength { get; }

    /// <summary>The TOS byte: DSCP and ECN together, as on the wire.</summary>
    public byte TypeOfService { get; }

    /// <summary>Differentiated services code point (upper 6 bits of <see cref="TypeOfService"/>).</summary>
    public byte Dscp => (byte)(TypeOfService >> 2);

    /// <summary>Explicit congestion notification bits (lower 2 bits of <see cref="TypeOfService"/>).</summary>
    public byte Ecn => (byte)(TypeOfService & 0x3);

    /// <summary>Header plus payload length; bytes past it in the buffer are link-layer padding.</summary>
    public ushort TotalLength { get; }

    /// <summary>Datagram identification (only meaningful for fragmentation).</summary>
    public ushort Identification { get; }

    /// <summary>The raw flags and fragment offset word (bytes 6–7).</summary>
    public ushort FlagsAndFragmentOffset { get; }

    /// <summary>The DF (don't fragment) flag.</summary>
    public bool DontFragment => (FlagsAndFragmentOffset & DontFragmentBit) != 0;

    /// <summary>The MF (more fragments) flag.</summary>
    public bool MoreFragments => (FlagsAndFragmentOffset & MoreFragmentsBit) != 0;

    /// <summary>Fragment offset in 8-byte units.</summary>
    public ushort FragmentOffset => (ushort)(FlagsAndFragmentOffset & FragmentOffsetMask);

    /// <summary>Remaining hop limit.</summary>
    public byte TimeToLive { get; }

    /// <summary>Payload protocol number (17 = UDP).</summary>
    public byte Protocol { get; }

    /// <summary>The checksum as read from the wire; ignored by <see cref="Write"/>, which computes its own.</summary>
    public ushort HeaderChecksum { get; }

    /// <summary>Source address, <see cref="IPv4AddressBits"/> form.</summary>
    public uint SourceAddress { get; }

    /// <summary>Destination address, <see cref="IPv4AddressBits"/> form.</summary>
    public uint DestinationAddress { get; }

    /// <summary>Payload length in bytes: <see cref="TotalLength"/> minus <see cref="HeaderLength"/>.</summary>
    public int PayloadLength => TotalLength - HeaderLength;

    /// <summary>
    /// Reads and validates a header at the start of <paramref name="packet"/>: version 4, IHL ≥ 5, header and
    /// total length within the buffer, checksum, and not a fragment (DHCP never fragments; no reassembly).
    /// </summary>
    /// <param name="packet">The packet, starting at the IPv4 header; trailing padding is allowed.</param>
    /// <param name="header">The header when valid, otherwise default.</param>
    /// <param name="error">Where and why reading failed, when it did.</param>
    /// <param name="verifyChecksum">False when the NIC or kernel already verified the header checksum.</param>
    public static bool TryRead(ReadOnlySpan<byte> packet, out IPv4Header header, out WireError error, bool verifyChecksum = true) =>
        TryReadCore(packet, verifyChecksum, out header, out error) == UdpReadStatus.Ok;

    /// <summary>Throwing twin of <see cref="TryRead"/>, for tools and tests.</summary>
    /// <exception cref="WireFormatException">The header is invalid.</exception>
    public static IPv4Header Read(ReadOnlySpan<byte> packet, bool verifyChecksum = true) =>
        TryRead(packet, out IPv4Header header, out WireError error, verifyChecksum) ? header : throw new WireFormatException(error);

    /// <summary>
    /// Writes this header as 20 bytes (IHL = 5, no options) with a freshly computed checksum.
    /// </summary>
    /// <returns>The number of bytes written: <see cref="MinimumLength"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 20 bytes.</exception>
    public int Write(Span<byte> destination)
    {
        if (destination.Length < MinimumLength)
        {
            throw new ArgumentException("an IPv4 header needs 20 bytes", nameof(destination));
        }

        destination[0] = 0x45; // version 4, IHL 5
        destination[1] = TypeOfService;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], TotalLength);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], Identification);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], FlagsAndFragmentOffset);
        destination[8] = TimeToLive;
        destination[9] = Protocol;
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], SourceAddress);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], DestinationAddress);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], InternetChecksum.Compute(destination[..MinimumLength]));
        return MinimumLength;
    }

    /// <summary>
    /// <see cref="TryRead"/> with the failure classified, so the UDP codec can tell checksum errors and
    /// fragments from malformed packets. Checks run structure first, then checksum, then fragmentation.
    /// </summary>
    internal static UdpReadStatus TryReadCore(ReadOnlySpan<byte> packet, bool verifyChecksum, out IPv4Header header, out WireError error)
    {
        header = default;
        if (packet.Length < MinimumLength)
        {
            error = new WireError(packet.Length, "IPv4 header needs 20 bytes");
            return UdpReadStatus.Malformed;
        }

        if (packet[0] >> 4 != 4)
        {
            error = new WireError(0, "IP version is not 4");
            return UdpReadStatus.Malformed;
        }

        int headerLength = (packet[0] & 0xF) * 4;
        if (headerLength < MinimumLength)
        {
            error = new WireError(0, "IPv4 header length (IHL) is below 5 words");
            return UdpReadStatus.Malformed;
        }

        if (headerLength > packet.Length)
        {
            error = new WireError(packet.Length, "IPv4 header options run past the end of the buffer");
            return UdpReadStatus.Malformed;
        }

        ushort totalLength = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if (totalLength < headerLength)
        {
            error = new WireError(2, "IPv4 total length is shorter than the header");
            return UdpReadStatus.Malformed;
        }

        if (totalLength > packet.Length)
        {
            error = new WireError(2, "IPv4 total length runs past the end of the buffer");
            return UdpReadStatus.Malformed;
        }

        if (verifyChecksum && InternetChecksum.Compute(packet[..headerLength]) != 0)
        {
            error = new WireError(10, "IPv4 header checksum mismatch");
            return UdpReadStatus.ChecksumError;
        }

        ushort flagsAndOffset = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]);
        if ((flagsAndOffset & (MoreFragmentsBit | FragmentOffsetMask)) != 0)
        {
            error = new WireError(6, "IPv4 fragment (MF set or fragment offset not 0): fragments are not reassembled");
            return UdpReadStatus.Fragment;
        }

        header = new IPv4Header(
            headerLength,
            packet[1],
            totalLength,
            BinaryPrimitives.ReadUInt16BigEndian(packet[4..]),
            flagsAndOffset,
            packet[8],
            packet[9],
            BinaryPrimitives.ReadUInt16BigEndian(packet[10..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[16..]));
        error = default;
        return UdpReadStatus.Ok;
    }
}
