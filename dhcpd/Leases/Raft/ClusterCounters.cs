namespace IPoIBDhcp.Server.Leases.Raft;

/// <summary>What a cluster member reports on /metrics: its role, how far it has applied the log, and its commits.</summary>
/// <param name="Leads">True while this member leads a quorum and answers clients.</param>
/// <param name="Term">The Raft term it is in.</param>
/// <param name="LastApplied">Index of the last log entry applied to its lease state.</param>
/// <param name="Leases">Addresses with a committed lease in its state.</param>
/// <param name="Commits">Lease commits that reached a majority (on this member while it led).</param>
/// <param name="CommitFailures">Lease commits that did not (ACK withheld).</param>
/// <param name="Epochs">Times this member started leading.</param>
public readonly record struct ClusterCounters(bool Leads, long Term, long LastApplied, int Leases, long Commits, long CommitFailures, long Epochs);
