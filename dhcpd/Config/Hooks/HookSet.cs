namespace IPoIBDhcp.Server.Config.Hooks;

/// <summary>
/// The <c>on commit</c>, <c>on release</c> and <c>on expiry</c> handlers in force. As in ISC, where each <c>on</c>
/// statement replaces the lease's handler for its events while the scopes are executed outermost first, the most
/// specific scope's handler wins, event by event (host &gt; class &gt; pool &gt; subnet &gt; shared-network &gt; global).
/// </summary>
/// <param name="Commit">The <c>on commit</c> handler, or null.</param>
/// <param name="Release">The <c>on release</c> handler, or null.</param>
/// <param name="Expiry">The <c>on expiry</c> handler, or null.</param>
public sealed record HookSet(Hook? Commit, Hook? Release, Hook? Expiry)
{
    /// <summary>No handlers.</summary>
    public static HookSet None { get; } = new(null, null, null);

    /// <summary>True when no event has a handler.</summary>
    public bool IsEmpty => Commit is null && Release is null && Expiry is null;

    /// <summary>These handlers laid over <paramref name="lower"/>'s: each event's handler here wins.</summary>
    public HookSet Overlay(HookSet lower) =>
        IsEmpty ? lower : lower.IsEmpty ? this : new(Commit ?? lower.Commit, Release ?? lower.Release, Expiry ?? lower.Expiry);

    /// <summary>These handlers with <paramref name="hook"/> as the handler of each of <paramref name="events"/>.</summary>
    public HookSet With(HookEvents events, Hook hook) => new(
        events.HasFlag(HookEvents.Commit) ? hook : Commit,
        events.HasFlag(HookEvents.Release) ? hook : Release,
        events.HasFlag(HookEvents.Expiry) ? hook : Expiry);
}
