namespace IPoIBDhcp.Client.Protocol;

/// <summary>What a dhclient invocation does with an interface.</summary>
public enum ClientRunMode
{
    /// <summary>Obtain a lease and keep it renewed.</summary>
    Run,
    /// <summary><c>-r</c>: release the current lease and exit.</summary>
    Release,
    /// <summary><c>-x</c>: stop using the current lease without releasing it, and exit.</summary>
    Stop,
}
