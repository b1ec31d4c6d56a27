namespace IPoIBDhcp.Wire.Dhcp;

/// <summary>Option 53 values (RFC 2132 section 9.6, RFC 4388 for the lease-query ones).</summary>
public enum DhcpMessageType : byte
{
    /// <summary>Option 53 absent: a plain BOOTP message.</summary>
    None = 0,
    /// <summary>Client looks for servers.</summary>
    Discover = 1,
    /// <summary>Server offers an address.</summary>
    Offer = 2,
    /// <summary>Client requests an offered, saved or bound address.</summary>
    Request = 3,
    /// <summary>Client found the address in use.</summary>
    Decline = 4,
    /// <summary>Server commits the lease.</summary>
    Ack = 5,
    /// <summary>Server refuses the request.</summary>
    Nak = 6,
    /// <summary>Client gives the address back.</summary>
    Release = 7,
    /// <summary>Client with an address asks for parameters only.</summary>
    Inform = 8,
}
