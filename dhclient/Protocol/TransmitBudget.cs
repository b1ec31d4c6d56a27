namespace IPoIBDhcp.Client.Protocol;

/// <summary>
/// A hard ceiling on how fast one interface's client transmits, whatever the servers answer: a token bucket
/// of <see cref="Burst"/> messages refilled at <see cref="PerSecond"/> a second. The state machine's own
/// backoff (RFC 2131 section 4.1) keeps a working client far below it; the budget is there so that no reply
/// sequence, however broken or hostile, can turn a cluster's clients into a broadcast storm (ISC dhclient
/// sends 5 messages in 6 s to a server that ACKs with lease time 0; an unbounded client sent tens of thousands).
/// </summary>
public sealed class TransmitBudget
{
    /// <summary>Messages that may leave back to back (DISCOVER, REQUEST, DECLINE and a spare).</summary>
    public const int Burst = 4;

    /// <summary>Sustained messages a second.</summary>
    public const double PerSecond = 1;

    private readonly TimeProvider time;
    private double tokens = Burst;
    private long last;

    /// <summary>Starts with a full bucket.</summary>
    public TransmitBudget(TimeProvider time)
    {
        this.time = time;
        last = time.GetTimestamp();
    }

    /// <summary>Takes one message's worth; false when the interface has used its budget and must not send.</summary>
    public bool TryTake()
    {
        long stamp = time.GetTimestamp();
        double elapsed = Math.Max(0, (stamp - last) / (double)time.TimestampFrequency);
        last = stamp;
        tokens = Math.Min(Burst, tokens + elapsed * PerSecond);
        if (tokens < 1) return false;
        tokens -= 1;
        return true;
    }
}
