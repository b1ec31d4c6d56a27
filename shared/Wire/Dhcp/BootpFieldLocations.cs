namespace IPoIBDhcp.Wire.Dhcp;

/// <summary>
/// Offsets and sizes of the fixed 236-byte BOOTP header (RFC 2131 figure 1), chained so that each
/// offset is derived from the one before it and a wrong size cannot go unnoticed.
/// </summary>
public static class BootpFieldLocations
{
    /// <summary>op: 1 = BOOTREQUEST, 2 = BOOTREPLY.</summary>
    public const int Op = 0;
    /// <summary>htype: hardware type (1 Ethernet, 32 InfiniBand).</summary>
    public const int HType = Op + 1;
    /// <summary>hlen: hardware address length (0 on IPoIB, RFC 4390).</summary>
    public const int HLen = HType + 1;
    /// <summary>hops: incremented by relays.</summary>
    public const int Hops = HLen + 1;
    /// <summary>xid: transaction id chosen by the client.</summary>
    public const int Xid = Hops + 1;
    /// <summary>secs: seconds since the client began.</summary>
    public const int Secs = Xid + 4;
    /// <summary>flags: bit 15 = broadcast.</summary>
    public const int Flags = Secs + 2;
    /// <summary>ciaddr: client address when it is already bound.</summary>
    public const int CiAddr = Flags + 2;
    /// <summary>yiaddr: "your" address, offered or assigned by the server.</summary>
    public const int YiAddr = CiAddr + 4;
    /// <summary>siaddr: next server (TFTP) for boot.</summary>
    public const int SiAddr = YiAddr + 4;
    /// <summary>giaddr: relay agent address.</summary>
    public const int GiAddr = SiAddr + 4;
    /// <summary>chaddr: client hardware address (all zero on IPoIB).</summary>
    public const int ChAddr = GiAddr + 4;
    /// <summary>Size of chaddr.</summary>
    public const int ChAddrLength = 16;
    /// <summary>sname: server host name, or overloaded options (option 52 bit 2).</summary>
    public const int SName = ChAddr + ChAddrLength;
    /// <summary>Size of sname.</summary>
    public const int SNameLength = 64;
    /// <summary>file: boot file name, or overloaded options (option 52 bit 1).</summary>
    public const int File = SName + SNameLength;
    /// <summary>Size of file.</summary>
    public const int FileLength = 128;
    /// <summary>End of the fixed header: 236.</summary>
    public const int HeaderLength = File + FileLength;
    /// <summary>The magic cookie 99.130.83.99 that marks DHCP options.</summary>
    public const int MagicCookie = HeaderLength;
    /// <summary>First option byte: 240.</summary>
    public const int Options = MagicCookie + 4;
    /// <summary>The magic cookie value, big-endian.</summary>
    public const uint MagicCookieValue = 0x63825363;
    /// <summary>Smallest BOOTP message relays and old clients accept (RFC 1542): replies are padded to it.</summary>
    public const int MinimumMessageLength = 300;
    /// <summary>The size every DHCP client must accept (RFC 2131 section 2: 576-byte datagram less IP and UDP).</summary>
    public const int DefaultMaximumMessageLength = 576 - 28;
    /// <summary>Broadcast bit in <see cref="Flags"/>.</summary>
    public const ushort BroadcastFlag = 0x8000;
}
