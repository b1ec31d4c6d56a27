using System.Runtime.CompilerServices;
using IPoIBDhcp.InfiniBand;

namespace IPoIBDhcp.Engine;

/// <summary>
/// A link-layer address of any length up to 20 bytes (6 for Ethernet, 20 for IPoIB), held inline so a
/// received datagram's metadata carries its sender's address without allocating.
/// </summary>
public readonly struct LinkAddress : IEquatable<LinkAddress>
{
    /// <summary>Longest address supported: the 20-byte IPoIB address (RFC 4391).</summary>
    public const int MaxLength = 20;

    private readonly Bytes20 bytes;

    /// <summary>Copies <paramref name="address"/> (0..20 bytes).</summary>
    public LinkAddress(ReadOnlySpan<byte> address)
    {
        if (address.Length > MaxLength) throw new ArgumentException("a link address has at most 20 bytes", nameof(address));
        address.CopyTo(bytes);
        Length = address.Length;
    }

    /// <summary>Number of meaningful bytes (0 = none known).</summary>
    public int Length { get; }

    /// <summary>True when no address is known (e.g. datagrams from UDP sockets).</summary>
    public bool IsEmpty => Length == 0;

    /// <summary>The address bytes.</summary>
    [System.Diagnostics.CodeAnalysis.UnscopedRef]
    public ReadOnlySpan<byte> Span => ((ReadOnlySpan<byte>)bytes)[..Length];

    /// <summary>The IPoIB address form of a 20-byte address.</summary>
    public IPoIBHardwareAddress ToIPoIB() => IPoIBHardwareAddress.Read(Span);

    /// <summary>Wraps an IPoIB address.</summary>
    public static LinkAddress FromIPoIB(IPoIBHardwareAddress address)
    {
        Span<byte> b = stackalloc byte[IPoIBHardwareAddress.Size];
        address.Write(b);
        return new LinkAddress(b);
    }

    /// <inheritdoc/>
    public bool Equals(LinkAddress other) => Length == other.Length && Span.SequenceEqual(other.Span);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is LinkAddress other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    /// <summary>Colon-hex, as <c>ip link</c> shows it.</summary>
    public override string ToString() => Convert.ToHexString(Span).ToLowerInvariant() is var hex && hex.Length > 0
        ? string.Join(':', Enumerable.Range(0, Length).Select(i => hex.Substring(i * 2, 2)))
        : "";

    /// <summary>Equality by bytes.</summary>
    public static bool operator ==(LinkAddress left, LinkAddress right) => left.Equals(right);

    /// <summary>Inequality by bytes.</summary>
    public static bool operator !=(LinkAddress left, LinkAddress right) => !left.Equals(right);

    [InlineArray(MaxLength)]
    private struct Bytes20
    {
        private byte element;
    }
}
