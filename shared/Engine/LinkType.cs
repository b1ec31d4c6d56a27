namespace IPoIBDhcp.Engine;

/// <summary>What a port's link layer is, which decides DHCP framing (RFC 4390 on InfiniBand).</summary>
public enum LinkType
{
    /// <summary>No link layer is visible (UDP sockets): relayed or unicast traffic only.</summary>
    None = 0,
    /// <summary>Ethernet (ARPHRD_ETHER 1): 6-byte addresses.</summary>
    Ethernet = 1,
    /// <summary>IPoIB (ARPHRD_INFINIBAND 32): 20-byte addresses, broadcast per P_Key.</summary>
    InfiniBand = 32,
}
