using IPoIBDhcp.Server.Allocation;

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
}

/// <summary>The outcome of handling one request. The reply bytes are in the caller's buffer.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="ReplyLength">Bytes of reply written.</param>
/// <param name="Route">Where the reply goes.</param>
/// <param name="Lease">The binding to commit, with the client-id it was granted under.</param>
/// <param name="ClientId">The client-id bytes of the request (kept in the lease file as <c>uid</c>).</param>
public readonly record struct ServerDecision(DecisionKind Kind, int ReplyLength = 0, ReplyRoute Route = default, Binding? Lease = null, byte[]? ClientId = null)
{
    /// <summary>No reply.</summary>
    public static ServerDecision Silent => new(DecisionKind.Silent);
}
