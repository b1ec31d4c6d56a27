namespace IPoIBDhcp.Server.Config.Hooks;

/// <summary>The lease events an <c>on</c> statement names (<c>on commit or expiry { … }</c> names two).</summary>
[Flags]
public enum HookEvents : byte
{
    /// <summary>None.</summary>
    None = 0,
    /// <summary><c>commit</c>: the server ACKs a lease (a new one or a renewal).</summary>
    Commit = 1,
    /// <summary><c>release</c>: the client releases its lease.</summary>
    Release = 2,
    /// <summary><c>expiry</c>: the lease's time runs out.</summary>
    Expiry = 4,
}
