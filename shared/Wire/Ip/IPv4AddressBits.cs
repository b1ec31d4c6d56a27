using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace IPoIBDhcp.Wire.Ip;

/// <summary>
/// Converts between <see cref="IPAddress"/> and the <see cref="uint"/> form the packet codecs use. Headers keep
/// addresses as plain integers (192.0.2.1 is 0xC0000201, the big-endian wire bytes read as a number) so parsing
/// a packet never allocates an <see cref="IPAddress"/>; convert only at the edges (configuration, logs).
/// </summary>
public static class IPv4AddressBits
{
    /// <summary>0.0.0.0, the source address of a client that has no address yet.</summary>
    public const uint Any = 0;

    /// <summary>255.255.255.255, the limited broadcast DHCP clients send to.</summary>
    public const uint Broadcast = 0xFFFF_FFFF;

    /// <summary>The integer form of an IPv4 (or IPv4-mapped IPv6) address.</summary>
    /// <exception cref="ArgumentException">The address is a plain IPv6 address.</exception>
    public static uint FromIPAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"{address} is not an IPv4 address", nameof(address));
        }

        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    /// <summary>The <see cref="IPAddress"/> for an integer address (allocates: for logs and configuration).</summary>
    public static IPAddress ToIPAddress(uint address)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, address);
        return new IPAddress(bytes);
    }
}
