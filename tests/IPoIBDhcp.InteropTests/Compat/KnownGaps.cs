namespace IPoIBDhcp.InteropTests.Compat;

/// <summary>
/// tests/compat/known-gaps.txt: where our dhcpd is known not to match ISC yet, one line each,
/// <c>FILE accept REASON</c> (ours refuses a file ISC accepts), <c>FILE serve REASON</c> (ours accepts it but does
/// not start serving it) or <c>FILE ROW REASON</c> (ours answers that request row differently). The test passes over exactly these and fails on any other difference, and also on a listed gap
/// that no longer shows, so the list shrinks as the work lands and never goes stale.
/// </summary>
public sealed class KnownGaps
{
    /// <summary>The "what" of a whole-file gap: ours refuses the file.</summary>
    public const string Accept = "accept";

    /// <summary>The "what" of a gap where ours accepts the file (<c>-t</c>) but does not start serving it.</summary>
    public const string Serve = "serve";

    private readonly Dictionary<(string File, string What), string> reasons;

    private KnownGaps(Dictionary<(string File, string What), string> reasons)
    {
        this.reasons = reasons;
    }

    /// <summary>Every listed gap: file, what (accept or a row name) and the reason.</summary>
    public IEnumerable<(string File, string What, string Reason)> All => reasons.Select(r => (r.Key.File, r.Key.What, r.Value));

    /// <summary>Reads the file; throws on a malformed or duplicate line, or one naming a file or row not in <paramref name="corpus"/>.</summary>
    public static KnownGaps Load(IReadOnlyList<CorpusEntry> corpus)
    {
        string path = Path.Combine(CorpusEntry.Directory, "known-gaps.txt");
        var reasons = new Dictionary<(string, string), string>();
        int number = 0;
        foreach (string raw in File.ReadAllLines(path))
        {
            number++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            string[] parts = line.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
            string where = $"{path}:{number}";
            if (parts.Length < 3)
            {
                throw new FormatException($"{where}: expected FILE accept|ROW REASON");
            }

            CorpusEntry entry = corpus.FirstOrDefault(e => e.File == parts[0])
                ?? throw new FormatException($"{where}: '{parts[0]}' is not in tests/compat/manifest.txt");
            if (parts[1] != Accept && parts[1] != Serve && !(RequestRows.IsRow(parts[1]) && entry.Rows.Contains(RequestRows.Parse(parts[1], where))))
            {
                throw new FormatException($"{where}: '{parts[1]}' is neither 'accept', 'serve' nor a row the manifest gives {parts[0]}");
            }

            if (!reasons.TryAdd((parts[0], parts[1]), parts[2]))
            {
                throw new FormatException($"{where}: {parts[0]} {parts[1]} is listed twice");
            }
        }

        return new KnownGaps(reasons);
    }

    /// <summary>The reason <paramref name="what"/> of <paramref name="file"/> is a known gap, or null.</summary>
    public string? Reason(string file, string what) => reasons.TryGetValue((file, what), out string? reason) ? reason : null;
}
