using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace IPoIBDhcp.Engine.PacketSocket;

/// <summary>
/// Builds <c>struct sockaddr_ll</c> as a <see cref="SocketAddress"/>. The kernel struct has room for 8 address
/// bytes only; a 20-byte IPoIB destination needs the 32-byte form with <c>sll_halen</c> = 20, the trick ISC's and
/// Kea's patched LPF code use (the kernel checks the length against <c>sll_halen</c>, not against the struct).
/// </summary>
internal static class PacketSocketAddress
{
    /// <summary>Offset of <c>sll_addr</c>: family 2, protocol 2, ifindex 4, hatype 2, pkttype 1, halen 1.</summary>
    public const int AddressOffset = 12;

    /// <summary>A sockaddr_ll with room for the longest (20-byte IPoIB) address.</summary>
    public const int Size = AddressOffset + LinkAddress.MaxLength;

    /// <summary>ETH_P_IP: the EtherType (and IPoIB encapsulation type) of IPv4.</summary>
    public const ushort EtherTypeIPv4 = 0x0800;

    /// <summary>The address of interface <paramref name="interfaceIndex"/>, IPv4, link address <paramref name="address"/>.</summary>
    public static SocketAddress Create(int interfaceIndex, ReadOnlySpan<byte> address)
    {
        var socketAddress = new SocketAddress(AddressFamily.Packet, Size);
        Span<byte> bytes = socketAddress.Buffer.Span;
        bytes[2..].Clear(); // keep the family the constructor wrote
        BinaryPrimitives.WriteUInt16BigEndian(bytes[2..], EtherTypeIPv4);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[4..], interfaceIndex);
        bytes[11] = (byte)address.Length;
        address.CopyTo(bytes[AddressOffset..]);
        return socketAddress;
    }
}
