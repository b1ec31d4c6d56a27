namespace IPoIBDhcp.Text;

/// <summary>
/// The token classes of ISC's configuration language (dhcpd.conf and dhclient.conf share it).
/// </summary>
public enum ConfigTokenKind
{
    /// <summary>A keyword, name, number, dotted address or colon-hex run: ISC's lexer lets the parser decide which.</summary>
    Word,
    /// <summary>A complete double-quoted string; the token text keeps the quotes and escapes as written.</summary>
    String,
    /// <summary>A string whose closing quote never came: reported, never guessed at.</summary>
    UnterminatedString,
    /// <summary><c>{</c></summary>
    LeftBrace,
    /// <summary><c>}</c></summary>
    RightBrace,
    /// <summary><c>;</c></summary>
    Semicolon,
    /// <summary><c>,</c></summary>
    Comma,
    /// <summary><c>(</c></summary>
    LeftParen,
    /// <summary><c>)</c></summary>
    RightParen,
    /// <summary><c>=</c></summary>
    Equal,
    /// <summary><c>!=</c></summary>
    NotEqual,
    /// <summary>A character the language has no use for; kept so the error can name it.</summary>
    Invalid,
    /// <summary><c>~=</c>: regular-expression match (dhcp-eval).</summary>
    RegexMatch,
    /// <summary><c>~~</c>: case-insensitive regular-expression match (dhcp-eval).</summary>
    RegexMatchIgnoringCase,
    /// <summary>An arithmetic operator of dhcp-eval's numeric expressions: <c>* % &amp; | ^</c> (<c>+</c> and <c>/</c> lex as words).</summary>
    Operator,
}
