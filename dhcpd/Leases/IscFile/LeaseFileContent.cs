using IPoIBDhcp.Text;

namespace IPoIBDhcp.Server.Leases.IscFile;

/// <summary>
/// What <see cref="IscLeaseFileReader"/> found in a <c>dhcpd.leases</c> file: every lease record in
/// file order (not yet reduced to the last write per address), the file-level declarations worth
/// keeping across a rewrite, and where the intact part of the file ends so a journal can cut off a
/// torn tail before appending after it.
/// </summary>
public sealed class LeaseFileContent
{
    /// <summary>Every complete lease record, in file order; replay them last-write-wins.</summary>
    public required IReadOnlyList<Lease> Leases { get; init; }

    /// <summary>Every complete <c>host NAME { … }</c> record, in file order (see <see cref="IscHostRecord.LastOfEachName"/>).</summary>
    public IReadOnlyList<IscHostRecord> Hosts { get; init; } = [];

    /// <summary>Statements skipped, records dropped, the torn tail; in file order.</summary>
    public required IReadOnlyList<ConfigDiagnostic> Diagnostics { get; init; }

    /// <summary>The <c>server-duid</c> bytes (the DHCPv6 identity ISC keeps in the v4 file too);
    /// empty when absent. Kept so a rewrite does not change the server's DUID.</summary>
    public ReadOnlyMemory<byte> ServerDuid { get; init; }

    /// <summary>The <c>authoring-byte-order</c> value ("little-endian"/"big-endian"), or null.</summary>
    public string? AuthoringByteOrder { get; init; }

    /// <summary>How many <c>failover peer … state</c> blocks were skipped (this server has no failover).</summary>
    public int FailoverBlocksSkipped { get; init; }

    /// <summary>Byte length of the intact prefix: the end of the last complete top-level statement
    /// (plus trailing blanks and comments). Equals the input length unless the tail was torn.</summary>
    public long ValidLength { get; init; }

    /// <summary>True when an incomplete last record was found and dropped.</summary>
    public bool TornTail { get; init; }

    /// <summary>Damaged stretches skipped before the end of the file (an unclosed '{', a record cut off by the next
    /// one, binary junk): each is reported, and reading resumed at the next record. Not counting the torn tail.</summary>
    public int DamagedRegions { get; init; }

    /// <summary>Bytes in the <see cref="DamagedRegions"/>. A rewrite of the file leaves them out, so a store that
    /// rewrites a damaged file keeps the original beside it first.</summary>
    public long DamagedBytes { get; init; }
}
