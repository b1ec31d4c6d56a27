using IPoIBDhcp.Text;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// A file being read, with the file that included it, so include cycles can be named in full, and its statements
/// grouped a block at a time as the reader gets to them.
/// </summary>
internal sealed record SourceFile(SourceText Text, SourceFile? IncludedFrom, int Index, ConfigWords Words)
{
    public string FullPath { get; } = Path.GetFullPath(Text.FileName);

    public LazyStatementParser Statements { get; } = new(Text, Words);

    public IEnumerable<SourceFile> Chain()
    {
        for (var f = this; f is not null; f = f.IncludedFrom) yield return f;
    }
}
