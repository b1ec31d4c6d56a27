namespace IPoIBDhcp.Server.Leases;

/// <summary>
/// The binding states ISC dhcpd writes after <c>binding state</c>. The numeric values are ISC's
/// <c>FTS_*</c> constants so that a failover-aware peer (or a later replicated store) can map them
/// one to one; <c>0</c> is deliberately unused, as in ISC, so <c>default</c> is never a real state.
/// </summary>
public enum LeaseBindingState : byte
{
    /// <summary>Available for allocation ("free").</summary>
    Free = 1,
    /// <summary>Bound to a client ("active").</summary>
    Active = 2,
    /// <summary>Lease time ran out; waiting to become free ("expired").</summary>
    Expired = 3,
    /// <summary>The client sent DHCPRELEASE ("released").</summary>
    Released = 4,
    /// <summary>Ping check or DHCPDECLINE showed someone else uses it ("abandoned").</summary>
    Abandoned = 5,
    /// <summary>Reset by an operator through OMAPI ("reset").</summary>
    Reset = 6,
    /// <summary>Owned by the failover secondary ("backup").</summary>
    Backup = 7,
    /// <summary>Reserved for a client by an operator ("reserved").</summary>
    Reserved = 8,
    /// <summary>Given out by BOOTP, never expires ("bootp").</summary>
    Bootp = 9,
}
