using System.Collections.Immutable;
using IPoIBDhcp.Wire.Options;
using K = IPoIBDhcp.Text.ConfigTokenKind;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Client.Leases;

/// <summary>
/// The contents of dhclient.leases: the leases in file order and the <c>default-duid</c> line ISC keeps
/// there. Reading is forgiving the way ISC's is: a damaged block is reported and skipped, the rest is used,
/// because a lease file cut short by a power failure must not keep a node from booting.
/// </summary>
/// <param name="Leases">Every lease block that parsed, in file order (later blocks are newer).</param>
/// <param name="DefaultDuid">The <c>default-duid</c> value as written (quoted), if any.</param>
/// <param name="Errors">Problems found, as <c>file:line:col: reason</c>.</param>
public sealed record LeaseFile(ImmutableArray<ClientLease> Leases, string? DefaultDuid, IReadOnlyList<ConfigDiagnostic> Errors)
{
    /// <summary>Bytes of damaged records skipped (each reported in <see cref="Errors"/>); a rewrite leaves them out.</summary>
    public long DamagedBytes { get; init; }

    /// <summary>
    /// Parses lease file text. Each record is read on its own, from a line that starts with <c>lease</c>,
    /// <c>lease6</c> or <c>default-duid</c> (ISC indents everything inside a record) to the next such line: damage
    /// in one (an unclosed '{', a record cut off by the next, a lone '"', junk) is reported with its size and
    /// skipped, and every intact record before and after it is kept.
    /// </summary>
    public static LeaseFile Parse(string text, string fileName, DhcpOptionTable table)
    {
        var leases = ImmutableArray.CreateBuilder<ClientLease>();
        var errors = new List<ConfigDiagnostic>();
        string? duid = null;
        long damaged = 0;
        int line = 1;
        int start = 0;
        while (start < text.Length)
        {
            int end = NextRecord(text, start);
            string record = text[start..end];
            var reader = new ConfigTokenReader(fileName, record, firstLine: line);
            int failed = ParseRecords(reader, table, leases, ref duid);
            if (failed >= 0)
            {
                // What is skipped: from the statement that failed to the next record.
                int bytes = System.Text.Encoding.UTF8.GetByteCount(record.AsSpan(failed));
                damaged += bytes;
                errors.Add(new ConfigDiagnostic(reader.PositionOf(failed), $"damaged record skipped ({bytes} bytes)"));
                errors.AddRange(reader.Errors);
            }
            line += record.AsSpan().Count('\n');
            start = end;
        }
        return new LeaseFile(leases.ToImmutable(), duid, errors) { DamagedBytes = damaged };
    }

    private static readonly string[] RecordKeywords = ["lease", "lease6", "default-duid"];

    /// <summary>The offset of the next line after <paramref name="from"/> that starts a record, or the end.</summary>
    private static int NextRecord(string text, int from)
    {
        for (int nl = text.IndexOf('\n', from); nl >= 0 && nl + 1 < text.Length; nl = text.IndexOf('\n', nl + 1))
        {
            var rest = text.AsSpan(nl + 1);
            foreach (var keyword in RecordKeywords)
            {
                if (rest.StartsWith(keyword, StringComparison.Ordinal)
                    && (rest.Length == keyword.Length || rest[keyword.Length] is ' ' or '\t' or '\r' or '\n' or '{' or '"' or ';'))
                    return nl + 1;
            }
        }
        return text.Length;
    }

    /// <summary>Parses the statements of one record's text; returns the offset of the first that failed, or -1.</summary>
    private static int ParseRecords(ConfigTokenReader reader, DhcpOptionTable table, ImmutableArray<ClientLease>.Builder leases, ref string? duid)
    {
        string? found = duid;
        int failed = -1;
        while (!reader.AtEnd)
        {
            int errors = reader.Errors.Count;
            int offset = reader.Peek.Offset;
            reader.Guard(() =>
            {
                var t = reader.Peek;
                if (t.Is("lease"))
                {
                    if (LeaseDeclarationParser.Parse(reader, table, isStatic: false, impliedInterface: null) is { } lease) leases.Add(lease);
                }
                else if (t.Is("default-duid"))
                {
                    reader.Next();
                    var value = reader.Peek;
                    reader.ExpectString("a quoted DUID");
                    reader.ExpectSemicolon("default-duid");
                    found = value.Text;
                }
                else if (t.Is("lease6"))
                {
                    // DHCPv6 leases belong to dhclient -6; kept out of a v4 client's view, not an error.
                    reader.Next();
                    reader.Expect(K.LeftBrace, "'{' after lease6");
                    int depth = 1;
                    while (!reader.AtEnd && depth > 0)
                    {
                        var n = reader.Next();
                        if (n.Kind == K.LeftBrace) depth++;
                        else if (n.Kind == K.RightBrace) depth--;
                    }
                    if (depth > 0) throw reader.Fail(t, "'{' of lease6 is never closed by '}'");
                }
                else
                {
                    reader.Next();
                    throw reader.Fail(t, $"expected 'lease', found {t.Describe()}");
                }
            });
            if (failed < 0 && reader.Errors.Count > errors) failed = offset;
        }
        duid = found;
        return failed;
    }

    /// <summary>Reads a lease file; a missing file is an empty one.</summary>
    public static LeaseFile Load(string path, DhcpOptionTable table) =>
        File.Exists(path) ? Parse(File.ReadAllText(path), path, table) : new LeaseFile([], null, []);
}
