namespace IPoIBDhcp.Text;

/// <summary>
/// A configuration file's text and name, with a line table. Tokens carry only an offset (cheap for files
/// with 100,000 hosts); the line and column are worked out here, only for the few nodes that need them.
/// </summary>
public sealed class SourceText
{
    private readonly int[] lineStarts;

    /// <summary>Wraps <paramref name="text"/> read from <paramref name="fileName"/>.</summary>
    public SourceText(string fileName, string text)
    {
        FileName = fileName;
        Text = text;
        var starts = new List<int> { 0 };
        for (int i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1)) starts.Add(i + 1);
        lineStarts = starts.ToArray();
    }

    /// <summary>The name used in diagnostics.</summary>
    public string FileName { get; }

    /// <summary>The whole text.</summary>
    public string Text { get; }

    /// <summary>The 1-based line and column of character <paramref name="offset"/>.</summary>
    public SourcePosition PositionOf(int offset)
    {
        int line = Array.BinarySearch(lineStarts, offset);
        if (line < 0) line = ~line - 1;
        return new SourcePosition(FileName, line + 1, offset - lineStarts[line] + 1);
    }

    /// <summary>The position of <paramref name="token"/>'s first character.</summary>
    public SourcePosition PositionOf(ConfigToken token) => PositionOf(token.Offset);
}
