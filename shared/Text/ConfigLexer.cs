using System.Collections.Immutable;
using Pidgin;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;
using K = IPoIBDhcp.Text.ConfigTokenKind;

namespace IPoIBDhcp.Text;

/// <summary>
/// Splits ISC configuration text into tokens. It never fails: a stray character or an unterminated string
/// becomes a token of its own, so the statement parser can report it at its position and go on.
/// Comments (<c>#</c> to end of line) and white space are dropped here.
/// </summary>
public static class ConfigLexer
{
    private static readonly Parser<char, Unit> Comment =
        Char('#').Then(Token(c => c != '\n').SkipMany());

    private static readonly Parser<char, Unit> Skip =
        OneOf(Token(char.IsWhiteSpace).SkipAtLeastOnce(), Comment).SkipMany();

    private static readonly Parser<char, int> Offset = CurrentOffset;

    /// <summary>Word characters: names, numbers, dotted quads and colon-hex all lex as one word, as ISC's NUMBER_OR_NAME.</summary>
    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '/' or '+';

    private static readonly Parser<char, ConfigToken> Word =
        Map((o, s) => new ConfigToken(K.Word, s, o, s.Length), Offset, Token(IsWordChar).AtLeastOnceString());

    private static readonly Parser<char, Unit> StringBody =
        OneOf(Char('\\').Then(Any.Optional()).IgnoreResult(), Token(c => c is not ('"' or '\\')).SkipAtLeastOnce()).SkipMany();

    private static readonly Parser<char, ConfigToken> QuotedString =
        Map(
            (o, body, closed, end) => new ConfigToken(closed ? K.String : K.UnterminatedString, body, o, end - o),
            Offset,
            Char('"').Then(StringBody).Slice((span, _) => span.ToString()),
            Char('"').Select(_ => true).Or(End.Select(_ => false)),
            Offset)
        .Select(t => t.Kind == K.String ? t with { Text = t.Text + "\"" } : t);

    private static Parser<char, ConfigToken> Punct(string text, K kind) =>
        Map((o, _) => new ConfigToken(kind, text, o, text.Length), Offset, text.Length == 1 ? Char(text[0]).Select(c => text) : Try(String(text)));

    private static readonly Parser<char, ConfigToken> Invalid =
        Map((o, c) => new ConfigToken(K.Invalid, c.ToString(), o, 1), Offset, Any);

    private static readonly Parser<char, ConfigToken> AnyToken = OneOf(
        Word,
        QuotedString,
        Punct("{", K.LeftBrace),
        Punct("}", K.RightBrace),
        Punct(";", K.Semicolon),
        Punct(",", K.Comma),
        Punct("(", K.LeftParen),
        Punct(")", K.RightParen),
        Punct("=", K.Equal),
        Punct("!=", K.NotEqual),
        Punct("~=", K.RegexMatch),
        Punct("~~", K.RegexMatchIgnoringCase),
        Punct("*", K.Operator),
        Punct("%", K.Operator),
        Punct("&", K.Operator),
        Punct("|", K.Operator),
        Punct("^", K.Operator),
        Invalid);

    private static readonly Parser<char, ImmutableArray<ConfigToken>> Tokens =
        Skip.Then(AnyToken.Before(Skip).Many()).Before(End).Select(ts => ts.ToImmutableArray());

    private static readonly Parser<char, ConfigToken?> SkipThenToken =
        Skip.Then(AnyToken.Select(t => (ConfigToken?)t).Or(End.ThenReturn((ConfigToken?)null)));

    /// <summary>All tokens of <paramref name="text"/>, in order.</summary>
    public static ImmutableArray<ConfigToken> Tokenize(string text) =>
        Tokens.Parse(text).Value;

    /// <summary>
    /// The first token at or after <paramref name="offset"/> (white space and comments skipped), or null at the end:
    /// for a reader that decides where the next token starts itself, such as fabric.conf's, whose quoted strings end
    /// at the first <c>"</c> (no escapes) where this lexer's would read on.
    /// </summary>
    public static ConfigToken? NextToken(string text, int offset)
    {
        ArgumentNullException.ThrowIfNull(text);
        var token = SkipThenToken.Parse(text.AsSpan(offset)).Value;
        return token is { } t ? t with { Offset = t.Offset + offset } : null;
    }
}
