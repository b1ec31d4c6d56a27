using System.Collections.Immutable;
using Pidgin;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;
using K = IPoIBDhcp.Client.Config.ConfTokenKind;

namespace IPoIBDhcp.Client.Config;

/// <summary>
/// Splits dhclient.conf / dhclient.leases text into tokens with a Pidgin grammar. Total: a stray character
/// or an unterminated string becomes a token of its own that the statement parser reports at its position.
/// Comments (<c>#</c> to end of line) and white space are dropped.
/// </summary>
public static class ConfLexer
{
    private static readonly Parser<char, Unit> Comment = Char('#').Then(Token(c => c != '\n').SkipMany());

    private static readonly Parser<char, Unit> Skip =
        OneOf(Token(char.IsWhiteSpace).SkipAtLeastOnce(), Comment).SkipMany();

    /// <summary>Word characters: names, numbers, dotted quads, dates and colon-hex lex as one word (ISC's NUMBER_OR_NAME).</summary>
    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '/' or '+';

    private static readonly Parser<char, ConfToken> Word =
        Map((start, text, end) => new ConfToken(K.Word, text, start, end - start),
            CurrentOffset, Token(IsWordChar).AtLeastOnceString(), CurrentOffset);

    private static readonly Parser<char, Unit> StringBody =
        OneOf(Char('\\').Then(Any.Optional()).IgnoreResult(), Token(c => c is not ('"' or '\\')).SkipAtLeastOnce()).SkipMany();

    private static readonly Parser<char, ConfToken> QuotedString =
        Map((start, body, closed, end) => new ConfToken(closed ? K.String : K.UnterminatedString, closed ? body + "\"" : body, start, end - start),
            CurrentOffset,
            Char('"').Then(StringBody).Slice((span, _) => span.ToString()),
            Char('"').Select(_ => true).Or(End.Select(_ => false)),
            CurrentOffset);

    private static Parser<char, ConfToken> Punct(char c, K kind) =>
        Map((o, _) => new ConfToken(kind, c.ToString(), o, 1), CurrentOffset, Char(c));

    private static readonly Parser<char, ConfToken> Invalid =
        Map((o, c) => new ConfToken(K.Invalid, c.ToString(), o, 1), CurrentOffset, Any);

    private static readonly Parser<char, ConfToken> AnyToken = OneOf(
        Word, QuotedString,
        Punct('{', K.LeftBrace), Punct('}', K.RightBrace), Punct(';', K.Semicolon), Punct(',', K.Comma),
        Punct('=', K.Equal), Punct('(', K.LeftParen), Punct(')', K.RightParen),
        Invalid);

    private static readonly Parser<char, ImmutableArray<ConfToken>> Tokens =
        Skip.Then(AnyToken.Before(Skip).Many()).Before(End).Select(ts => ts.ToImmutableArray());

    /// <summary>All tokens of <paramref name="text"/>, in order.</summary>
    public static ImmutableArray<ConfToken> Tokenize(string text) => Tokens.ParseOrThrow(text);
}
