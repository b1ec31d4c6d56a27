namespace IPoIBDhcp.Server.Leases.IscFile;

/// <summary>
/// One <c>host NAME { … }</c> record of <c>dhcpd.leases</c>, as omshell and tools such as xCAT's makedhcp leave them
/// (ISC's <c>write_host</c>): a host declared at run time that the server serves as if dhcpd.conf declared it, and
/// that <c>deleted;</c> in a later record of the same name removes again. The record is kept as the bytes it was
/// written in, so a rewrite of the file carries it over exactly, whatever statements it holds.
/// </summary>
/// <param name="Name">The host's name (the key: a later record of the same name replaces an earlier one).</param>
/// <param name="Deleted">True for <c>deleted;</c>: the host of this name (from dhcpd.conf or the lease file) is removed.</param>
/// <param name="ClientId">The <c>uid</c> bytes (quoted string or colon-hex in the file); empty when the record has none.</param>
/// <param name="Raw">The record's bytes from <c>host</c> to its closing <c>}</c>, as written.</param>
/// <param name="DeclarationText">The record as a dhcpd.conf <c>host</c> declaration: the bytes of <paramref name="Raw"/> with the
/// lease-file-only statements (<c>dynamic;</c>, <c>deleted;</c>, <c>uid …;</c>) blanked out, line breaks kept, so positions
/// in it are positions in the lease file.</param>
/// <param name="Line">The line the record starts on.</param>
/// <param name="Column">The column the record starts at.</param>
public sealed record IscHostRecord(string Name, bool Deleted, ReadOnlyMemory<byte> ClientId, ReadOnlyMemory<byte> Raw,
    string DeclarationText, int Line, int Column)
{
    /// <summary>
    /// The records that decide what the file declares: the last one of each name, in the order those were written.
    /// A <c>deleted;</c> record stays among them, because it also removes a host of that name declared in dhcpd.conf.
    /// </summary>
    public static IReadOnlyList<IscHostRecord> LastOfEachName(IEnumerable<IscHostRecord> records)
    {
        var last = new Dictionary<string, (int Order, IscHostRecord Record)>(StringComparer.Ordinal);
        int order = 0;
        foreach (var record in records) last[record.Name] = (order++, record);
        return [.. last.Values.OrderBy(v => v.Order).Select(v => v.Record)];
    }
}
