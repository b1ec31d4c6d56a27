using IPoIBDhcp.Server.Leases.IscFile;

namespace IPoIBDhcp.Server.Leases.Journal;

/// <summary>Settings of a <see cref="JournalLeaseStore"/>; defaults follow ISC dhcpd's behaviour.</summary>
/// <param name="Path">The lease file, e.g. <c>/var/lib/dhcp/dhcpd.leases</c>; its directory must exist.</param>
public sealed record JournalLeaseStoreOptions(string Path)
{
    /// <summary>Compact when the file holds this many times more records than there are live leases
    /// (every renewal appends a record; replay time grows with the file, not with the pool).</summary>
    public double CompactionFactor { get; init; } = 4;

    /// <summary>Never compact a file of fewer records than this, so small pools do not rewrite constantly.</summary>
    public int CompactionMinimumRecords { get; init; } = 1000;

    /// <summary>Rewrite the file right after loading, as ISC does at start-up (drops superseded
    /// records and any torn tail). When false, a file is rewritten at open only if it already holds more
    /// than <see cref="CompactionFactor"/> records per live lease; otherwise new records are appended to it
    /// (a torn tail is cut off either way).</summary>
    public bool CompactOnOpen { get; init; } = true;

    /// <summary>Keep the previous file as <c>&lt;Path&gt;~</c> on each compaction, as ISC does.</summary>
    public bool KeepBackup { get; init; } = true;

    /// <summary>Upper bound of records per write + fsync, so one batch does not hold megabytes.</summary>
    public int MaxBatchRecords { get; init; } = 4096;

    /// <summary>
    /// With <see cref="JournalFlushPolicy.Group"/>: how long the writer waits, once a commit arrives, for others to
    /// join its batch before writing and fsyncing. Each fsync costs kernel CPU (~0.1 ms on the benchmark machine)
    /// whatever it carries, so at a few thousand leases per second a millisecond turns one fsync per lease or two
    /// into one per several, for up to that much more ACK latency. Zero: write as soon as anything is queued.
    /// </summary>
    public TimeSpan CommitDelay { get; init; }

    /// <summary>When appended leases become durable (and their commits complete).</summary>
    public JournalFlushPolicy FlushPolicy { get; init; } = JournalFlushPolicy.Group;

    /// <summary>How dates are written (ISC <c>db-time-format</c>).</summary>
    public IscLeaseTimeFormat TimeFormat { get; init; } = IscLeaseTimeFormat.Utc;

    /// <summary>How client ids are written (ISC <c>lease-id-format</c>).</summary>
    public IscLeaseIdFormat IdFormat { get; init; } = IscLeaseIdFormat.Octal;
}
