using System.Buffers.Binary;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.InfiniBand;

/// <summary>
/// The 4-byte header in front of every IPoIB datagram (RFC 4391 section 6): a 2-byte EtherType saying
/// what follows, then 2 reserved bytes. A raw-socket client and the packet tests build and strip it.
/// </summary>
/// <remarks>The reserved field is written as zero and ignored on receive, as RFC 4391 asks.</remarks>
public readonly struct IPoIBEncapsulationHeader : IEquatable<IPoIBEncapsulationHeader>
{
    /// <summary>Bytes the header occupies on the wire.</summary>
    public const int Size = 4;

    /// <summary>EtherType of IPv4 (and so of DHCP).</summary>
    public const ushort EtherTypeIPv4 = 0x0800;

    /// <summary>EtherType of ARP.</summary>
    public const ushort EtherTypeArp = 0x0806;

    /// <summary>EtherType of IPv6.</summary>
    public const ushort EtherTypeIPv6 = 0x86DD;

    /// <summary>Creates a header for the given payload protocol.</summary>
    public IPoIBEncapsulationHeader(ushort etherType) => EtherType = etherType;

    /// <summary>The payload protocol.</summary>
    public ushort EtherType { get; }

    /// <summary>Header for an IPv4 payload.</summary>
    public static IPoIBEncapsulationHeader IPv4 => new(EtherTypeIPv4);

    /// <summary>Header for an ARP payload.</summary>
    public static IPoIBEncapsulationHeader Arp => new(EtherTypeArp);

    /// <summary>Writes EtherType and two zero reserved bytes.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than 4 bytes.</exception>
    public void Write(Span<byte> destination)
    {
        if (destination.Length < Size)
            throw new ArgumentException("The IPoIB header needs 4 bytes.", nameof(destination));
        BinaryPrimitives.WriteUInt16BigEndian(destination, EtherType);
        destination[2] = 0;
        destination[3] = 0;
    }

    /// <summary>Reads the header, ignoring the reserved bytes; fails only on fewer than 4 bytes.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out IPoIBEncapsulationHeader header, out WireError error)
    {
        if (source.Length < Size)
        {
            header = default;
            error = new WireError(source.Length, "IPoIB encapsulation header needs 4 bytes");
            return false;
        }
        header = new IPoIBEncapsulationHeader(BinaryPrimitives.ReadUInt16BigEndian(source));
        error = default;
        return true;
    }

    /// <summary>Throwing twin of <see cref="TryRead"/>.</summary>
    /// <exception cref="WireFormatException">Fewer than 4 bytes.</exception>
    public static IPoIBEncapsulationHeader Read(ReadOnlySpan<byte> source)
        => TryRead(source, out IPoIBEncapsulationHeader header, out WireError error) ? header : throw new WireFormatException(error);

    /// <summary>Formats as <c>ethertype 0x0800</c> for logs.</summary>
    public override string ToString() => $"ethertype 0x{EtherType:x4}";

    /// <inheritdoc/>
    public bool Equals(IPoIBEncapsulationHeader other) => EtherType == other.EtherType;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is IPoIBEncapsulationHeader other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => EtherType;

    /// <summary>Value equality.</summary>
    public static bool operator ==(IPoIBEncapsulationHeader left, IPoIBEncapsulationHeader right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(IPoIBEncapsulationHeader left, IPoIBEncapsulationHeader right) => !left.Equals(right);
}
