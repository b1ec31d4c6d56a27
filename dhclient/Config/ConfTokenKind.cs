namespace IPoIBDhcp.Client.Config;

/// <summary>Token classes of dhclient.conf and dhclient.leases (ISC's configuration language).</summary>
public enum ConfTokenKind
{
    /// <summary>A keyword, name, number, address, date or colon-hex run: the parser decides which, as ISC's lexer does.</summary>
    Word,
    /// <summary>A double-quoted string; the text keeps its quotes and escapes as written.</summary>
    String,
    /// <summary>A string whose closing quote never came.</summary>
    UnterminatedString,
    /// <summary><c>{</c></summary>
    LeftBrace,
    /// <summary><c>}</c></summary>
    RightBrace,
    /// <summary><c>;</c></summary>
    Semicolon,
    /// <summary><c>,</c></summary>
    Comma,
    /// <summary><c>=</c></summary>
    Equal,
    /// <summary><c>(</c></summary>
    LeftParen,
    /// <summary><c>)</c></summary>
    RightParen,
    /// <summary>A character the language has no use for; kept so the error names it.</summary>
    Invalid,
}
