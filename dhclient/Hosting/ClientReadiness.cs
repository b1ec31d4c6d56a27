using IPoIBDhcp.Client.Protocol;
using IPoIBDhcp.Hosting;

namespace IPoIBDhcp.Client.Hosting;

/// <summary>
/// When dhclient counts as started, for a waiting parent (background start) and for systemd (READY=1): ISC's dhclient
/// goes to the background when a lease is bound, or when it gives up for now and sleeps until its retry
/// ("No working leases in persistent database - sleeping."); with <c>-nw</c> as soon as its interfaces are open.
/// </summary>
/// <param name="background">The waiting parent, or null in the foreground.</param>
/// <param name="notifier">systemd's notify socket (disabled without NOTIFY_SOCKET).</param>
/// <param name="noWait"><c>-nw</c>: started once every interface has been opened (or failed to open).</param>
/// <param name="interfaces">How many interfaces are being opened.</param>
internal sealed class ClientReadiness(DetachedChild? background, SystemdNotifier notifier, bool noWait, int interfaces) : IClientMonitor
{
    private int pendingPorts = interfaces;
    private int started;

    /// <summary>One interface's port is open, or could not be opened.</summary>
    public void PortSettled()
    {
        if (noWait && Interlocked.Decrement(ref pendingPorts) == 0) Started();
    }

    /// <inheritdoc/>
    public void Waiting(ClientState state, DateTimeOffset? deadline)
    {
        // Bound (a lease, new or still valid from the lease file); INIT with a deadline: asleep after a failed attempt.
        if (state == ClientState.Bound || state == ClientState.Init && deadline is not null) Started();
    }

    private void Started()
    {
        if (Interlocked.Exchange(ref started, 1) != 0) return;
        notifier.Ready();
        background?.Detach();
    }
}
