namespace IPoIBDhcp.Server.Allocation;

/// <summary>Where an address stands for the client that holds (or held) it.</summary>
public enum BindingState
{
    /// <summary>Offered and held briefly so that no concurrent client gets it.</summary>
    Offered,
    /// <summary>ACKed and durable until it ends.</summary>
    Active,
    /// <summary>Given back by DHCPRELEASE; the client still prefers it if it is free.</summary>
    Released,
    /// <summary>Its time ran out.</summary>
    Expired,
    /// <summary>Declined as in use by someone else (DHCPDECLINE); kept out of circulation for a while.</summary>
    Abandoned,
}
