namespace IPoIBDhcp.Text;

/// <summary>
/// One lexed token: its class, its text exactly as written, and its character offset in the file
/// (turned into line/column by <see cref="SourceText"/> only when a message needs it).
/// </summary>
/// <param name="Kind">Token class.</param>
/// <param name="Text">Text as written (strings keep their quotes).</param>
/// <param name="Offset">Offset of the first character in the file.</param>
/// <param name="Length">Characters the token spans in the source (a string includes its quotes), so a parser can slice raw value text.</param>
public readonly record struct ConfigToken(ConfigTokenKind Kind, string Text, int Offset, int Length = 0)
{
    /// <summary>True for a word equal to <paramref name="keyword"/>; keywords are case-insensitive in ISC.</summary>
    public bool Is(string keyword) =>
        Kind == ConfigTokenKind.Word && Text.Equals(keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>The text quoted for a message: <c>'word'</c>, or the string as written.</summary>
    public string Describe() => Kind switch
    {
        ConfigTokenKind.String => Text,
        ConfigTokenKind.UnterminatedString => "an unterminated string",
        _ => $"'{Text}'",
    };
}
