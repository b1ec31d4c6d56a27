namespace IPoIBDhcp.Client.Config;

/// <summary>
/// One token with its offset and length in the file, so an option value can be taken back as the exact
/// source text (the option codec reads text) and every error can point at a line and column.
/// </summary>
/// <param name="Kind">Token class.</param>
/// <param name="Text">Text as written (strings keep their quotes).</param>
/// <param name="Offset">Offset of the first character.</param>
/// <param name="Length">Number of characters in the source.</param>
public readonly record struct ConfToken(ConfTokenKind Kind, string Text, int Offset, int Length)
{
    /// <summary>True for a word equal to <paramref name="keyword"/> (case-insensitive, as ISC).</summary>
    public bool Is(string keyword) => Kind == ConfTokenKind.Word && Text.Equals(keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>The token quoted for a message.</summary>
    public string Describe() => Kind switch
    {
        ConfTokenKind.String => Text,
        ConfTokenKind.UnterminatedString => "an unterminated string",
        _ => $"'{Text}'",
    };
}
