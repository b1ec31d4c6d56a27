namespace IPoIBDhcp.Server.Leases.Journal;

/// <summary>
/// A snapshot of the journal's work, printed by the boot-storm summary: the ratio of
/// <see cref="RecordsWritten"/> to <see cref="SyncsPerformed"/> shows how well group commit batches.
/// </summary>
/// <param name="RecordsWritten">Lease records appended since open (compactions not included).</param>
/// <param name="SyncsPerformed">fsync calls for appended batches (one per batch).</param>
/// <param name="Compactions">Completed rewrites of the file, the one at open included.</param>
/// <param name="JournalRecords">Lease records currently in the file.</param>
/// <param name="JournalBytes">Current file length.</param>
public readonly record struct LeaseJournalCounters(
    long RecordsWritten, long SyncsPerformed, long Compactions, long JournalRecords, long JournalBytes);
