using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace IPoIBDhcp.Wire;

/// <summary>
/// An IPv4 address as a 32-bit value. <see cref="IPAddress"/> is a class; pools, lease tables and
/// packet headers hold millions of these, so they use this allocation-free value instead and convert
/// at the edges.
/// </summary>
public readonly record struct IPv4Address(uint Value) : IComparable<IPv4Address>, ISpanFormattable
{
    /// <summary>0.0.0.0, the "no address" of ciaddr/yiaddr/giaddr.</summary>
    public static readonly IPv4Address Any = new(0);

    /// <summary>255.255.255.255, the limited broadcast.</summary>
    public static readonly IPv4Address Broadcast = new(uint.MaxValue);

    /// <summary>True for 0.0.0.0.</summary>
    public bool IsAny => Value == 0;

    /// <summary>Reads four network-order bytes.</summary>
    public static IPv4Address Read(ReadOnlySpan<byte> source) => new(BinaryPrimitives.ReadUInt32BigEndian(source));

    /// <summary>Writes four network-order bytes.</summary>
    public void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, Value);

    /// <summary>Converts from an IPv4 <see cref="IPAddress"/> (IPv4-mapped IPv6 is accepted).</summary>
    public static IPv4Address FromIPAddress(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetwork)
            throw new ArgumentException($"{address} is not an IPv4 address", nameof(address));
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return Read(bytes);
    }

    /// <summary>Converts to <see cref="IPAddress"/> for socket APIs.</summary>
    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[4];
        Write(bytes);
        return new IPAddress(bytes);
    }

    /// <summary>Parses dotted-quad text; only strict four-part IPv4 forms are accepted.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out IPv4Address address)
    {
        address = default;
        int dots = 0;
        foreach (char c in text)
        {
            if (c == '.') dots++;
            else if (!char.IsAsciiDigit(c)) return false;
        }
        if (dots != 3 || !IPAddress.TryParse(text, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetwork)
            return false;
        address = FromIPAddress(parsed);
        return true;
    }

    /// <summary>Parses dotted-quad text or throws <see cref="FormatException"/>.</summary>
    public static IPv4Address Parse(string text) =>
        TryParse(text, out var address) ? address : throw new FormatException($"'{text}' is not an IPv4 address");

    /// <summary>The address <paramref name="offset"/> places after this one (wraps at 2^32).</summary>
    public IPv4Address Add(uint offset) => new(unchecked(Value + offset));

    /// <summary>The network this address belongs to under <paramref name="mask"/>.</summary>
    public IPv4Address Mask(IPv4Address mask) => new(Value & mask.Value);

    /// <inheritdoc/>
    public int CompareTo(IPv4Address other) => Value.CompareTo(other.Value);

    /// <inheritdoc/>
    public override string ToString() => $"{Value >> 24}.{(Value >> 16) & 0xFF}.{(Value >> 8) & 0xFF}.{Value & 0xFF}";

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        destination.TryWrite($"{Value >> 24}.{(Value >> 16) & 0xFF}.{(Value >> 8) & 0xFF}.{Value & 0xFF}", out charsWritten);

    /// <summary>Less-than by numeric value.</summary>
    public static bool operator <(IPv4Address left, IPv4Address right) => left.Value < right.Value;

    /// <summary>Greater-than by numeric value.</summary>
    public static bool operator >(IPv4Address left, IPv4Address right) => left.Value > right.Value;

    /// <summary>Less-or-equal by numeric value.</summary>
    public static bool operator <=(IPv4Address left, IPv4Address right) => left.Value <= right.Value;

    /// <summary>Greater-or-equal by numeric value.</summary>
    public static bool operator >=(IPv4Address left, IPv4Address right) => left.Value >= right.Value;
}
