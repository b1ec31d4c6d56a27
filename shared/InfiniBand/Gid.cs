using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.InfiniBand;

/// <summary>
/// A 128-bit InfiniBand Global Identifier: 64-bit subnet prefix followed by the 64-bit interface id,
/// which for a port's own GID is its <see cref="PortGuid"/>. GIDs share IPv6's layout and text form
/// (<c>fe80::2:c902:23:1392</c>), which is how Linux and Wireshark print them.
/// </summary>
public readonly struct Gid : IEquatable<Gid>
{
    /// <summary>Bytes a GID occupies on the wire.</summary>
    public const int Size = 16;

    /// <summary>The default subnet prefix fe80::/64 every port has before (and usually after) the SM sets one.</summary>
    public const ulong LinkLocalPrefix = 0xfe80_0000_0000_0000;

    /// <summary>Builds a GID from its subnet prefix and interface id (the port GUID for a port GID).</summary>
    public Gid(ulong subnetPrefix, PortGuid interfaceId)
    {
        SubnetPrefix = subnetPrefix;
        InterfaceId = interfaceId;
    }

    /// <summary>Upper 64 bits: the subnet prefix (fe80:: by default), or for a multicast GID the flags, scope and signature.</summary>
    public ulong SubnetPrefix { get; }

    /// <summary>Lower 64 bits; for a port GID, the port GUID — the stable part of an IPoIB address.</summary>
    public PortGuid InterfaceId { get; }

    /// <summary>The port's link-local GID: prefix fe80::/64 and the GUID as interface id.</summary>
    public static Gid LinkLocal(PortGuid guid) => new(LinkLocalPrefix, guid);

    /// <summary>True for multicast GIDs (first byte 0xff), e.g. the IPoIB broadcast MGID.</summary>
    public bool IsMulticast => (SubnetPrefix >> 56) == 0xff;

    /// <summary>True when the prefix is the default fe80::/64.</summary>
    public bool IsLinkLocal => SubnetPrefix == LinkLocalPrefix;

    /// <summary>Writes the 16 wire bytes (network order).</summary>
    /// <exception cref="ArgumentException">The destination is shorter than 16 bytes.</exception>
    public void Write(Span<byte> destination)
    {
        if (destination.Length < Size)
            throw new ArgumentException("A GID needs 16 bytes.", nameof(destination));
        BinaryPrimitives.WriteUInt64BigEndian(destination, SubnetPrefix);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], InterfaceId.Value);
    }

    /// <summary>Reads the first 16 bytes as a GID; never throws.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out Gid gid, out WireError error)
    {
        if (source.Length < Size)
        {
            gid = default;
            error = new WireError(source.Length, "GID needs 16 bytes");
            return false;
        }
        gid = new Gid(BinaryPrimitives.ReadUInt64BigEndian(source), new PortGuid(BinaryPrimitives.ReadUInt64BigEndian(source[8..])));
        error = default;
        return true;
    }

    /// <summary>Throwing twin of <see cref="TryRead"/>.</summary>
    /// <exception cref="WireFormatException">Fewer than 16 bytes.</exception>
    public static Gid Read(ReadOnlySpan<byte> source)
        => TryRead(source, out Gid gid, out WireError error) ? gid : throw new WireFormatException(error);

    /// <summary>Parses IPv6 text (<c>fe80::2:c902:23:1392</c>); a zone suffix (<c>%ib0</c>) or an IPv4 address is rejected.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Gid gid)
    {
        gid = default;
        if (text.Contains('%') || !IPAddress.TryParse(text, out IPAddress? address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            return false;
        Span<byte> bytes = stackalloc byte[Size];
        if (!address.TryWriteBytes(bytes, out int n) || n != Size)
            return false;
        return TryRead(bytes, out gid, out _);
    }

    /// <summary>Throwing twin of <see cref="TryParse(ReadOnlySpan{char}, out Gid)"/>.</summary>
    /// <exception cref="FormatException">Not an IPv6-style GID.</exception>
    public static Gid Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out Gid gid) ? gid : throw new FormatException($"'{text}' is not a GID (expected IPv6 notation, e.g. fe80::2:c902:23:1392).");
    }

    /// <summary>The GID as an <see cref="IPAddress"/>, for code that already handles IPv6 values.</summary>
    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[Size];
        Write(bytes);
        return new IPAddress(bytes);
    }

    /// <summary>IPv6 notation as <see cref="IPAddress"/> prints it (RFC 5952 compression, lowercase).</summary>
    public override string ToString() => ToIPAddress().ToString();

    /// <inheritdoc/>
    public bool Equals(Gid other) => SubnetPrefix == other.SubnetPrefix && InterfaceId == other.InterfaceId;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Gid other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(SubnetPrefix, InterfaceId.Value);

    /// <summary>Value equality.</summary>
    public static bool operator ==(Gid left, Gid right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(Gid left, Gid right) => !left.Equals(right);
}
