namespace IPoIBDhcp.Bench.BootStorm;

/// <summary>
/// What the head node's dhcpd did during the storm, for the summary and the profile. Figures a separate dhcpd
/// process cannot report to the storm are null.
/// </summary>
internal sealed record ServerFigures
{
    public long? Handled { get; init; }
    public TimeSpan? HandleTime { get; init; }
    public long? Offers { get; init; }
    public long? Acks { get; init; }
    public long? Naks { get; init; }
    public long? Refused { get; init; }
    public long? Exhausted { get; init; }
    public long? CommitFailures { get; init; }
    public long? RecordsWritten { get; init; }
    public long? Syncs { get; init; }
    public long? Compactions { get; init; }
    public long? Commits { get; init; }
    public TimeSpan? CommitWaitTotal { get; init; }
    public TimeSpan? CommitWaitMax { get; init; }
    public long? Sends { get; init; }
    public TimeSpan? SendTime { get; init; }
    public long? LogLines { get; init; }
    public TimeSpan? LogTime { get; init; }
    public long? ReceiveOverflows { get; init; }
    public long? ShedRetransmitted { get; init; }
    public long? ShedDiscovers { get; init; }
    public long? ShedOthers { get; init; }
    public long? BacklogDeepest { get; init; }
}
