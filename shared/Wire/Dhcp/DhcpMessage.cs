using System.Buffers.Binary;

namespace IPoIBDhcp.Wire.Dhcp;

/// <summary>
/// A received DHCPv4/BOOTP message, decoded in place. One instance is reused for every packet a
/// receive loop handles, so decoding allocates nothing once its buffers have grown to the largest
/// packet seen. Options are indexed once: repeated instances of a code are concatenated (RFC 3396)
/// across the options field and, under option overload (52), the <c>file</c> then <c>sname</c> fields.
/// </summary>
public sealed partial class DhcpMessage
{
    private byte[] raw = new byte[1024];
    private int length;

    /// <summary>Creates an empty message; call <see cref="TryRead"/> to fill it.</summary>
    public DhcpMessage() => optionValues = new byte[raw.Length];

    /// <summary>The message bytes as received.</summary>
    public ReadOnlySpan<byte> Raw => raw.AsSpan(0, length);

    /// <summary>The message bytes as memory (for expression evaluation that cannot hold spans); valid until the next read.</summary>
    public ReadOnlyMemory<byte> RawMemory => raw.AsMemory(0, length);

    /// <summary>Copies and decodes <paramref name="datagram"/> (a UDP payload). Never throws on malformed input.</summary>
    public bool TryRead(ReadOnlySpan<byte> datagram, out WireError error)
    {
        length = 0;
        ClearOptions();
        if (datagram.Length < BootpFieldLocations.HeaderLength)
        {
            error = new WireError(datagram.Length, "shorter than the 236-byte BOOTP header");
            return false;
        }
        if (datagram.Length > raw.Length)
        {
            raw = new byte[datagram.Length];
            optionValues = new byte[datagram.Length];
        }
        datagram.CopyTo(raw);
        length = datagram.Length;
        if (raw[BootpFieldLocations.Op] is not ((byte)BootpOpCode.BootRequest or (byte)BootpOpCode.BootReply))
        {
            error = new WireError(BootpFieldLocations.Op, "op is neither BOOTREQUEST nor BOOTREPLY");
            return false;
        }
        if (raw[BootpFieldLocations.HLen] > BootpFieldLocations.ChAddrLength)
        {
            error = new WireError(BootpFieldLocations.HLen, "hlen exceeds the 16-byte chaddr field");
            return false;
        }
        HasMagicCookie = length >= BootpFieldLocations.Options &&
            BinaryPrimitives.ReadUInt32BigEndian(raw.AsSpan(BootpFieldLocations.MagicCookie)) == BootpFieldLocations.MagicCookieValue;
        if (!HasMagicCookie)
        {
            // Plain BOOTP: the vendor area carries no DHCP options we understand.
            error = default;
            return true;
        }
        return TryIndexOptions(out error);
    }

    /// <summary>Decodes or throws <see cref="WireFormatException"/>.</summary>
    public void Read(ReadOnlySpan<byte> datagram)
    {
        if (!TryRead(datagram, out var error)) throw new WireFormatException(error);
    }

    /// <summary>True when the DHCP magic cookie follows the header; false for plain BOOTP.</summary>
    public bool HasMagicCookie { get; private set; }

    /// <summary>BOOTREQUEST or BOOTREPLY.</summary>
    public BootpOpCode Op => (BootpOpCode)raw[BootpFieldLocations.Op];

    /// <summary>htype: 1 Ethernet, 32 InfiniBand.</summary>
    public byte HardwareType => raw[BootpFieldLocations.HType];

    /// <summary>hlen as sent (0 on RFC 4390 IPoIB, 6 on Ethernet and iPXE's IPoIB).</summary>
    public byte HardwareAddressLength => raw[BootpFieldLocations.HLen];

    /// <summary>Relay hop count.</summary>
    public byte Hops => raw[BootpFieldLocations.Hops];

    /// <summary>Transaction id.</summary>
    public uint TransactionId => BinaryPrimitives.ReadUInt32BigEndian(raw.AsSpan(BootpFieldLocations.Xid));

    /// <summary>Seconds since the client started.</summary>
    public ushort Seconds => BinaryPrimitives.ReadUInt16BigEndian(raw.AsSpan(BootpFieldLocations.Secs));

    /// <summary>The flags field.</summary>
    public ushort Flags => BinaryPrimitives.ReadUInt16BigEndian(raw.AsSpan(BootpFieldLocations.Flags));

    /// <summary>True when the client asked for broadcast replies (always on IPoIB, RFC 4390).</summary>
    public bool IsBroadcast => (Flags & BootpFieldLocations.BroadcastFlag) != 0;

    /// <summary>ciaddr.</summary>
    public IPv4Address ClientAddress => IPv4Address.Read(raw.AsSpan(BootpFieldLocations.CiAddr));

    /// <summary>yiaddr.</summary>
    public IPv4Address YourAddress => IPv4Address.Read(raw.AsSpan(BootpFieldLocations.YiAddr));

    /// <summary>siaddr (next-server).</summary>
    public IPv4Address NextServerAddress => IPv4Address.Read(raw.AsSpan(BootpFieldLocations.SiAddr));

    /// <summary>giaddr: the relay that forwarded this message, or 0.0.0.0.</summary>
    public IPv4Address GatewayAddress => IPv4Address.Read(raw.AsSpan(BootpFieldLocations.GiAddr));

    /// <summary>The first hlen bytes of chaddr (empty on RFC 4390 IPoIB).</summary>
    public ReadOnlySpan<byte> ClientHardwareAddress =>
        raw.AsSpan(BootpFieldLocations.ChAddr, HardwareAddressLength);

    /// <summary>sname up to its first NUL; empty when sname carries overloaded options.</summary>
    public ReadOnlySpan<byte> ServerName => (Overload & 2) != 0 ? default
        : TrimAtNul(raw.AsSpan(BootpFieldLocations.SName, BootpFieldLocations.SNameLength));

    /// <summary>file up to its first NUL; empty when file carries overloaded options.</summary>
    public ReadOnlySpan<byte> BootFileName => (Overload & 1) != 0 ? default
        : TrimAtNul(raw.AsSpan(BootpFieldLocations.File, BootpFieldLocations.FileLength));

    private static ReadOnlySpan<byte> TrimAtNul(ReadOnlySpan<byte> field)
    {
        int nul = field.IndexOf((byte)0);
        return nul < 0 ? field : field[..nul];
    }
}
