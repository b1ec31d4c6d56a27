namespace IPoIBDhcp.Client.Protocol;

/// <summary>
/// Told each time the runner is about to wait, after its timer is armed: lets a test with a manual clock
/// move time exactly to the deadline, and a status display show what the client waits for.
/// </summary>
public interface IClientMonitor
{
    /// <summary>The client waits in <paramref name="state"/> for a reply or until <paramref name="deadline"/> (null: no timer).</summary>
    void Waiting(ClientState state, DateTimeOffset? deadline);
}
