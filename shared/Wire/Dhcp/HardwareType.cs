namespace IPoIBDhcp.Wire.Dhcp;

/// <summary>The htype values this suite meets (IANA ARP hardware types).</summary>
public static class HardwareType
{
    /// <summary>Ethernet (and iPXE's Ethernet-presented IPoIB): 6-byte chaddr.</summary>
    public const byte Ethernet = 1;
    /// <summary>InfiniBand (RFC 4390): hlen 0, chaddr zero, client-id mandatory.</summary>
    public const byte InfiniBand = 32;
}
