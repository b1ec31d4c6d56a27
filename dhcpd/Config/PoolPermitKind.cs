namespace IPoIBDhcp.Server.Config;

/// <summary>Which clients a pool's <c>allow</c>/<c>deny</c> permit names.</summary>
public enum PoolPermitKind
{
    /// <summary><c>known-clients</c>: clients with a host declaration.</summary>
    KnownClients,
    /// <summary><c>unknown-clients</c>: clients without one.</summary>
    UnknownClients,
    /// <summary><c>members of "CLASS"</c>.</summary>
    MembersOf,
}
