using System.Buffers.Binary;

namespace IPoIBDhcp.Wire.Ip;

/// <summary>
/// The 8-byte UDP header (RFC 768). Reading checks that the length field fits the bytes the IP layer delivered,
/// so the payload slice handed to the DHCP decoder can be trusted.
/// </summary>
public readonly struct UdpHeader
{
    /// <summary>Header size in bytes.</summary>
    public const int Size = 8;

    /// <summary>Describes a header to write.</summary>
    /// <param name="sourcePort">Sender port.</param>
    /// <param name="destinationPort">Receiver port.</param>
    /// <param name="length">Header plus payload length in bytes.</param>
    /// <param name="checksum">Checksum field; 0 means "not computed".</param>
    public UdpHeader(ushort sourcePort, ushort destinationPort, ushort length, ushort checksum = 0)
    {
        SourcePort = sourcePort;
        DestinationPort = destinationPort;
        Length = length;
        Checksum = checksum;
    }

    /// <summary>Sender port.</summary>
    public ushort SourcePort { get; }

    /// <summary>Receiver port.</summary>
    public ushort DestinationPort { get; }

    /// <summary>Header plus payload length in bytes (at least 8).</summary>
    public ushort Length { get; }

    /// <summary>The checksum field as on the wire; 0 means the sender did not compute one.</summary>
    public ushort Checksum { get; }

    /// <summary>Payload length in bytes.</summary>
    public int PayloadLength => Length - Size;

    /// <summary>
    /// Reads the header at the start of <paramref name="datagram"/> and checks that 8 ≤ length ≤ available bytes.
    /// The checksum is not verified here: it needs the IP pseudo-header (see <see cref="IPv4UdpCodec"/>).
    /// </summary>
    /// <param name="datagram">The IP payload: UDP header, payload, possibly more bytes.</param>
    /// <param name="header">The header when valid, otherwise default.</param>
    /// <param name="error">Where (relative to <paramref name="datagram"/>) and why reading failed.</param>
    public static bool TryRead(ReadOnlySpan<byte> datagram, out UdpHeader header, out WireError error)
    {
        header = default;
        if (datagram.Length < Size)
        {
            error = new WireError(datagram.Length, "UDP header needs 8 bytes");
            return false;
        }

        ushort length = BinaryPrimitives.ReadUInt16BigEndian(datagram[4..]);
        if (length < Size)
        {
            error = new WireError(4, "UDP length is below the 8-byte header");
            return false;
        }

        if (length > datagram.Length)
        {
            error = new WireError(4, "UDP length runs past the end of the IP payload");
            return false;
        }

        header = new UdpHeader(
            BinaryPrimitives.ReadUInt16BigEndian(datagram),
            BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]),
            length,
            BinaryPrimitives.ReadUInt16BigEndian(datagram[6..]));
        error = default;
        return true;
    }

    /// <summary>Throwing twin of <see cref="TryRead"/>, for tools and tests.</summary>
    /// <exception cref="WireFormatException">The header is invalid.</exception>
    public static UdpHeader Read(ReadOnlySpan<byte> datagram) =>
        TryRead(datagram, out UdpHeader header, out WireError error) ? header : throw new WireFormatException(error);

    /// <summary>Writes the 8 header bytes as they are (the checksum field is not computed here).</summary>
    /// <returns>The number of bytes written: <see cref="Size"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 8 bytes.</exception>
    public int Write(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException("a UDP header needs 8 bytes", nameof(destination));
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], DestinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], Length);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], Checksum);
        return Size;
    }
}
