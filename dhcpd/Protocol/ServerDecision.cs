using IPoIBDhcp.Server.Leases;

namespace IPoIBDhcp.Server.Protocol;

/// <summary>What to do after a request: nothing, send a reply now, or send it once a lease is durable.</summary>
public enum DecisionKind
{
    /// <summary>Stay silent (not ours, malformed, or RFC 2131 says so).</summary>
    Silent,
    /// <summary>Send the reply now (OFFER, NAK, INFORM's ACK, ACK of a fixed address).</summary>
    Reply,
    /// <summary>Make <see cref="ServerDecision.Lease"/> durable, then send the reply (ACK): never ACK a lease a crash could lose.</summary>
    CommitThenReply,
    /// <summary>Record <see cref="ServerDecision.Lease"/> (release, decline), no reply.</summary>
    CommitOnly,
    /// <summary>
    /// <c>ping-check</c>: ping <see cref="ServerDecision.Ping"/>'s address first and send the reply (an OFFER) only if
    /// nothing answers; if something does, the address is abandoned and the request decided again.
    /// </summary>
    PingThenReply,
}

/// <summary>
/// The outcome of handling one request. The reply bytes are in the caller's buffer; a lease to record comes as the
/// store's own <see cref="Leases.Lease"/>, so the host commits it without knowing how addresses are allocated.
/// </summary>
/// <param name="Kind">What to do.</param>
/// <param name="ReplyLength">Bytes of reply written.</param>
/// <param name="Route">Where the reply goes.</param>
/// <param name="Lease">The lease record to commit, as ISC would write it after the same event (client-id as <c>uid</c>, hardware, times, state).</param>
/// <param name="Runs">Programs the event's hook <c>execute</c>s: run once the lease is durable and the reply sent, never before.</param>
/// <param name="Ping">For <see cref="DecisionKind.PingThenReply"/>: what to ping, for how long, and the OFFER's log line.</param>
public readonly record struct ServerDecision(DecisionKind Kind, int ReplyLength = 0, ReplyRoute Route = default, Lease? Lease = null,
    IReadOnlyList<Hooks.ProgramRun>? Runs = null, PingCheck? Ping = null)
{
    /// <summary>No reply.</summary>
    public static ServerDecision Silent => new(DecisionKind.Silent);
}

/// <summary>A ping check the host runs before it sends an OFFER (ISC's <c>ping-check</c>).</summary>
/// <param name="Address">The address about to be offered, which has no lease.</param>
/// <param name="Timeout">How long to wait for an echo reply (<c>ping-timeout</c> / <c>ping-timeout-ms</c>).</param>
/// <param name="OfferLine">The DHCPOFFER log line, written once the OFFER is sent.</param>
public sealed record PingCheck(Wire.IPv4Address Address, TimeSpan Timeout, string OfferLine);
