namespace IPoIBDhcp.Server.Leases.Journal;

/// <summary>When the journal makes appended leases durable, which is when their commits complete (and ACKs go out).</summary>
public enum JournalFlushPolicy
{
    /// <summary>One fsync per batch of whatever was queued meanwhile (group commit): durable, and a storm costs few syncs.</summary>
    Group,
    /// <summary>One write and one fsync per lease, as ISC dhcpd does: durable, slow under load; for comparison.</summary>
    EveryRecord,
    /// <summary>No fsync: a crash can lose ACKed leases. Only for tests on throwaway storage.</summary>
    None,
}
