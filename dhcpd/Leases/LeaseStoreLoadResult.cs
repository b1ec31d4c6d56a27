using IPoIBDhcp.Server.Leases.IscFile;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Server.Leases;

/// <summary>
/// What start-up found in the lease file, for the server to log: there is no logging framework in
/// the library, so the store returns its findings instead of writing them anywhere.
/// </summary>
public sealed class LeaseStoreLoadResult
{
    /// <summary>Lease records read (before last-write-wins reduction).</summary>
    public required int RecordsRead { get; init; }

    /// <summary>Addresses with a lease after replay.</summary>
    public required int LiveLeases { get; init; }

    /// <summary>Everything the reader skipped or dropped, with line numbers.</summary>
    public required IReadOnlyList<ConfigDiagnostic> Diagnostics { get; init; }

    /// <summary>True when an incomplete last record (an interrupted write) was cut off the file.</summary>
    public required bool TornTailDropped { get; init; }

    /// <summary>Bytes removed from the end of the file with the torn tail.</summary>
    public required long BytesDropped { get; init; }

    /// <summary>Damaged stretches skipped in the middle of the file (each also in <see cref="Diagnostics"/>).</summary>
    public int DamagedRegions { get; init; }

    /// <summary>Bytes in those stretches.</summary>
    public long DamagedBytes { get; init; }

    /// <summary>Where the original file was kept (<c>dhcpd.leases~</c>) before a rewrite that left damaged bytes
    /// out; null when nothing was left out.</summary>
    public string? Backup { get; init; }

    /// <summary><c>failover peer … state</c> blocks skipped (not supported by this server).</summary>
    public required int FailoverBlocksSkipped { get; init; }

    /// <summary>True when the file was rewritten during load.</summary>
    public required bool Compacted { get; init; }

    /// <summary>Time spent reading, replaying and (if done) compacting.</summary>
    public required TimeSpan Duration { get; init; }
}
