namespace IPoIBDhcp.Server.Intake;

/// <summary>
/// What the receive backlogs of all ports shed, for the metrics endpoint and the shutdown summary: in a storm the admin
/// sees how much was dropped on purpose, and why, apart from what the kernel or the link dropped.
/// </summary>
public sealed class IntakeCounters
{
    private long superseded, discoversShed, othersShed, deepest;

    /// <summary>The most requests one backlog has held at once since start-up: how far behind the server fell.</summary>
    public long Deepest => Interlocked.Read(ref deepest);

    internal void SawDepth(int depth)
    {
        long seen = Interlocked.Read(ref deepest);
        while (depth > seen && Interlocked.CompareExchange(ref deepest, depth, seen) is var was && was != seen) seen = was;
    }

    /// <summary>Requests dropped because the same client sent the same message again (a retransmission) while it waited.</summary>
    public long Superseded => Interlocked.Read(ref superseded);

    /// <summary>DISCOVERs dropped, oldest first, to make room in a full backlog (their clients retransmit).</summary>
    public long DiscoversShed => Interlocked.Read(ref discoversShed);

    /// <summary>Other requests dropped because the backlog was full of requests that finish transactions.</summary>
    public long OthersShed => Interlocked.Read(ref othersShed);

    internal void CountSuperseded() => Interlocked.Increment(ref superseded);

    internal void CountShed(bool discover)
    {
        if (discover) Interlocked.Increment(ref discoversShed);
        else Interlocked.Increment(ref othersShed);
    }
}
