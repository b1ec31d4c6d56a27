using System.Buffers.Binary;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.InfiniBand;

/// <summary>
/// The 20-byte IPoIB link-layer address (RFC 4391 section 9.1.1): one octet of flags, a 24-bit queue pair
/// number, then the port's 16-byte GID. It is what ARP carries (hardware type 32, length 20) and what
/// <c>/sys/class/net/ib0/address</c> shows. Only the GID's last 8 bytes (the port GUID) are stable: the
/// QPN changes every time the driver loads, so never key a lease by the whole address.
/// </summary>
/// <remarks>
/// RFC 4391 reserves the first octet; RFC 4755 (IPoIB connected mode) gives its top bit the meaning
/// "connected mode supported". The other bits stay reserved: they are kept as received (the RFC says to
/// ignore, not reject, reserved bits) so a read/write round trip is byte-exact.
/// </remarks>
public readonly struct IPoIBHardwareAddress : IEquatable<IPoIBHardwareAddress>
{
    /// <summary>Bytes the address occupies on the wire.</summary>
    public const int Size = 20;

    /// <summary>Flag bit in octet 0 announcing connected-mode support (RFC 4755).</summary>
    public const byte ConnectedModeFlag = 0x80;

    /// <summary>The QPN multicast and broadcast traffic is sent to.</summary>
    public const uint BroadcastQpn = 0xFFFFFF;

    private const uint QpnMask = 0xFFFFFF;

    /// <summary>Builds an address from its raw flags octet, 24-bit QPN and GID.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The QPN does not fit 24 bits.</exception>
    public IPoIBHardwareAddress(byte flags, uint qpn, Gid gid)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(qpn, QpnMask);
        Flags = flags;
        Qpn = qpn;
        Gid = gid;
    }

    /// <summary>Builds an address with only the connected-mode flag set or clear.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The QPN does not fit 24 bits.</exception>
    public IPoIBHardwareAddress(bool connectedMode, uint qpn, Gid gid)
        : this(connectedMode ? ConnectedModeFlag : (byte)0, qpn, gid)
    {
    }

    /// <summary>The raw first octet (connected-mode flag plus reserved bits).</summary>
    public byte Flags { get; }

    /// <summary>True when the peer accepts IPoIB connected mode (top bit of the first octet).</summary>
    public bool ConnectedMode => (Flags & ConnectedModeFlag) != 0;

    /// <summary>The 24-bit queue pair number (0xFFFFFF for broadcast/multicast).</summary>
    public uint Qpn { get; }

    /// <summary>The port GID (or the multicast GID for broadcast).</summary>
    public Gid Gid { get; }

    /// <summary>The last 8 bytes: the port GUID, the part that identifies the node across reboots.</summary>
    public PortGuid PortGuid => Gid.InterfaceId;

    /// <summary>
    /// The IPv4 broadcast address of a partition (RFC 4391 section 4): QPN 0xFFFFFF and MGID
    /// <c>ff12:401b:PPPP::ffff:ffff</c> — link-local scope (2), IPv4 signature 0x401b, and the P_Key
    /// with the full-membership bit set. Linux shows it as <c>brd 00:ff:ff:ff:ff:12:40:1b:…</c>.
    /// </summary>
    public static IPoIBHardwareAddress Broadcast(PKey pkey)
    {
        ulong prefix = 0xff12_401b_0000_0000UL | ((ulong)pkey.AsFull().Value << 16);
        return new IPoIBHardwareAddress(0, BroadcastQpn, new Gid(prefix, new PortGuid(0x0000_0000_ffff_ffffUL)));
    }

    /// <summary>
    /// True for an IPv4 broadcast address of any partition and scope: QPN 0xFFFFFF and an MGID of the form
    /// <c>ff1s:401b:PPPP:0:0:0:ffff:ffff</c>.
    /// </summary>
    public bool IsBroadcast
        => Qpn == BroadcastQpn
           && (Gid.SubnetPrefix >> 52) == 0xff1
           && ((Gid.SubnetPrefix >> 32) & 0xffff) == 0x401b
           && (Gid.SubnetPrefix & 0xffff) == 0
           && Gid.InterfaceId.Value == 0x0000_0000_ffff_ffffUL;

    /// <summary>For a broadcast address, the partition it belongs to (read from the MGID).</summary>
    public PKey BroadcastPKey => new((ushort)(Gid.SubnetPrefix >> 16));

    /// <summary>Writes the 20 wire bytes.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than 20 bytes.</exception>
    public void Write(Span<byte> destination)
    {
        if (destination.Length < Size)
            throw new ArgumentException("An IPoIB address needs 20 bytes.", nameof(destination));
        BinaryPrimitives.WriteUInt32BigEndian(destination, ((uint)Flags << 24) | Qpn);
        Gid.Write(destination[4..]);
    }

    /// <summary>Reads the first 20 bytes; never throws. Reserved flag bits are kept, not rejected.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out IPoIBHardwareAddress address, out WireError error)
    {
        if (source.Length < Size)
        {
            address = default;
            error = new WireError(source.Length, "IPoIB hardware address needs 20 bytes");
            return false;
        }
        uint head = BinaryPrimitives.ReadUInt32BigEndian(source);
        Gid.TryRead(source[4..], out Gid gid, out _);
        address = new IPoIBHardwareAddress((byte)(head >> 24), head & QpnMask, gid);
        error = default;
        return true;
    }

    /// <summary>Throwing twin of <see cref="TryRead"/>.</summary>
    /// <exception cref="WireFormatException">Fewer than 20 bytes.</exception>
    public static IPoIBHardwareAddress Read(ReadOnlySpan<byte> source)
        => TryRead(source, out IPoIBHardwareAddress address, out WireError error) ? address : throw new WireFormatException(error);

    /// <summary>Parses 20 colon-separated hex octets as sysfs and <c>ip link</c> print them.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out IPoIBHardwareAddress address)
    {
        Span<byte> bytes = stackalloc byte[Size];
        if (ColonHex.TryParse(text, bytes, out int n) && n == Size)
            return TryRead(bytes, out address, out _);
        address = default;
        return false;
    }

    /// <summary>Throwing twin of <see cref="TryParse(ReadOnlySpan{char}, out IPoIBHardwareAddress)"/>.</summary>
    /// <exception cref="FormatException">Not 20 colon-separated hex octets.</exception>
    public static IPoIBHardwareAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out IPoIBHardwareAddress address)
            ? address
            : throw new FormatException($"'{text}' is not an IPoIB hardware address (expected 20 colon-separated hex octets, e.g. 80:00:00:48:fe:80:00:00:00:00:00:00:00:02:c9:03:00:00:10:39).");
    }

    /// <summary>Colon-hex, lowercase, as <c>/sys/class/net/ib0/address</c> shows it.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        Write(bytes);
        return ColonHex.Format(bytes);
    }

    /// <summary>Byte-exact equality (flags and QPN included).</summary>
    public bool Equals(IPoIBHardwareAddress other) => Flags == other.Flags && Qpn == other.Qpn && Gid == other.Gid;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is IPoIBHardwareAddress other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Flags, Qpn, Gid);

    /// <summary>Byte-exact equality.</summary>
    public static bool operator ==(IPoIBHardwareAddress left, IPoIBHardwareAddress right) => left.Equals(right);

    /// <summary>Byte-exact inequality.</summary>
    public static bool operator !=(IPoIBHardwareAddress left, IPoIBHardwareAddress right) => !left.Equals(right);
}
