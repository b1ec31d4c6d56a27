namespace IPoIBDhcp.Client.Protocol;

/// <summary>The RFC 2131 section 4.4 client states (figure 5), plus <see cref="Stopped"/>.</summary>
public enum ClientState
{
    /// <summary>No lease; about to DISCOVER (or waiting: <c>retry</c> seconds after a failed search, ten after a DECLINE, the backoff after repeated failures).</summary>
    Init,
    /// <summary>DISCOVER sent; collecting offers.</summary>
    Selecting,
    /// <summary>REQUEST for a picked offer sent; waiting for ACK/NAK.</summary>
    Requesting,
    /// <summary>Verifying a saved lease after a restart (INIT-REBOOT / REBOOTING).</summary>
    Rebooting,
    /// <summary>Holding a lease until T1.</summary>
    Bound,
    /// <summary>After T1: unicasting REQUEST to the server that gave the lease.</summary>
    Renewing,
    /// <summary>After T2: broadcasting REQUEST to any server.</summary>
    Rebinding,
    /// <summary>Done: released, stopped, or gave up with <c>-1</c>.</summary>
    Stopped,
}
