using System.Collections.Immutable;
using Pidgin;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;
using IPoIBDhcp.Text;
using K = IPoIBDhcp.Text.ConfigTokenKind;

namespace IPoIBDhcp.Tests.Text;

/// <summary>
/// The lexer as it was first written, one Pidgin combinator per character: kept as the executable definition
/// of the token language, against which the hand-written <see cref="ConfigLexer"/> is checked on random text.
/// </summary>
internal static class GrammarLexer
{
    private static readonly Parser<char, Unit> Comment =
        Char('#').Then(Token(c => c != '\n').SkipMany());

    private static readonly Parser<char, Unit> Skip =
        OneOf(Token(char.IsWhiteSpace).SkipAtLeastOnce(), Comment).SkipMany();

    private static readonly Parser<char, int> Offset = CurrentOffset;

    // Words use the product's own word-character class: what the two lexers must agree on is everything else.
    private static readonly Parser<char, ConfigToken> Word =
        Map((o, s) => new ConfigToken(K.Word, s, o, s.Length), Offset, Token(ConfigLexer.IsWordChar).AtLeastOnceString());

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

    /// <summary>All tokens of <paramref name="text"/>, in order.</summary>
    public static ImmutableArray<ConfigToken> Tokenize(string text) =>
        Tokens.Parse(text).Value;
}
