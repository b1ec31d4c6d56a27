namespace IPoIBDhcp.Text;

/// <summary>
/// A configuration file's text and name, with a line table. Tokens carry only an offset (cheap for files
/// with 100,000 hosts); the line and column are worked out here, only for the few nodes that need them.
/// Every reader turns offsets into <c>line:col</c> here, so a column means the same in every grammar's messages.
/// </summary>
public sealed class SourceText
{
    private readonly int[] lineStarts;
    private readonly int firstLine;

    /// <summary>Wraps <paramref name="text"/> read from <paramref name="fileName"/>.</summary>
    /// <param name="fileName">The name used in diagnostics.</param>
    /// <param name="text">The text.</param>
    /// <param name="firstLine">The line number of the text's first line: a reader that parses a file record by record
    /// numbers each record's lines as the file's.</param>
    public SourceText(string fileName, string text, int firstLine = 1)
    {
        FileName = fileName;
        this.text = text;
        this.firstLine = firstLine;
        var starts = new List<int> { 0 };
        for (int i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1)) starts.Add(i + 1);
        lineStarts = starts.ToArray();
    }

    /// <summary>
    /// Wraps a file read as its bytes, every one of them ASCII (<see cref="TextFile.ReadSource"/>): offsets into them are
    /// offsets into its text, which is made only if a reader asks for it. A 100,000-host dhcpd.conf is then held in 14 MB,
    /// not 28.
    /// </summary>
    public SourceText(string fileName, byte[] ascii)
    {
        ArgumentNullException.ThrowIfNull(ascii);
        if (!System.Text.Ascii.IsValid(ascii)) throw new ArgumentException("the bytes are not all ASCII", nameof(ascii));
        FileName = fileName;
        Ascii = ascii;
        firstLine = 1;
        var bytes = ascii.AsSpan();
        lineStarts = new int[bytes.Count((byte)'\n') + 1];
        int line = 1, at = 0, found;
        while ((found = bytes[at..].IndexOf((byte)'\n')) >= 0)
        {
            at += found + 1;
            lineStarts[line++] = at;
        }
    }

    /// <summary>The name used in diagnostics.</summary>
    public string FileName { get; }

    /// <summary>The whole text (for a file held as ASCII bytes, decoded when first asked for).</summary>
    public string Text => text ??= System.Text.Encoding.ASCII.GetString(Ascii!);

    private string? text;

    /// <summary>The file's bytes when it was read as ASCII, else null.</summary>
    public byte[]? Ascii { get; }

    /// <summary>The 1-based line and column of character <paramref name="offset"/>.</summary>
    public SourcePosition PositionOf(int offset)
    {
        int line = Array.BinarySearch(lineStarts, offset);
        if (line < 0) line = ~line - 1;
        return new SourcePosition(FileName, line + firstLine, offset - lineStarts[line] + 1);
    }

    /// <summary>The position of <paramref name="token"/>'s first character.</summary>
    public SourcePosition PositionOf(ConfigToken token) => PositionOf(token.Offset);

    /// <summary>A diagnostic at character <paramref name="offset"/>.</summary>
    public ConfigDiagnostic Diagnostic(int offset, string message) => new(PositionOf(offset), message);

    /// <summary>
    /// The 1-based column of byte <paramref name="offset"/> of <paramref name="data"/>, counted as <see cref="PositionOf(int)"/>
    /// counts it (from the last line feed before it). For the byte-level lease-file reader, which counts lines itself
    /// in its one pass over a file of a million leases and so keeps no line table: the few diagnostics it makes look back.
    /// </summary>
    public static int ColumnOf(ReadOnlySpan<byte> data, int offset) =>
        offset - (data[..offset].LastIndexOf((byte)'\n') + 1) + 1;
}
