using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Options;
using Pidgin;
using K = IPoIBDhcp.Text.ConfigTokenKind;
using P = Pidgin.Parser<IPoIBDhcp.Text.ConfigToken>;

namespace IPoIBDhcp.Text;

/// <summary>
/// Token-level building blocks shared by the dhcpd.conf and dhclient.conf grammars: keywords, addresses,
/// numbers, strings and colon-hex, each labelled so that a failure reads "expected an IPv4 address".
/// </summary>
public static class TokenParsers
{
    /// <summary>A word equal to <paramref name="keyword"/> (case-insensitive, as ISC).</summary>
    public static Parser<ConfigToken, ConfigToken> Keyword(string keyword) =>
        P.Token(t => t.Is(keyword)).Labelled($"'{keyword}'");

    /// <summary>A token of the given punctuation class.</summary>
    public static Parser<ConfigToken, ConfigToken> Punctuation(ConfigTokenKind kind, string text) =>
        P.Token(t => t.Kind == kind).Labelled($"'{text}'");

    /// <summary><c>,</c></summary>
    public static readonly Parser<ConfigToken, ConfigToken> Comma = Punctuation(K.Comma, ",");

    /// <summary><c>(</c></summary>
    public static readonly Parser<ConfigToken, ConfigToken> LeftParen = Punctuation(K.LeftParen, "(");

    /// <summary><c>)</c></summary>
    public static readonly Parser<ConfigToken, ConfigToken> RightParen = Punctuation(K.RightParen, ")");

    /// <summary>Any word (a name, number or address, decided by the caller).</summary>
    public static readonly Parser<ConfigToken, ConfigToken> Word =
        P.Token(t => t.Kind == K.Word).Labelled("a name");

    /// <summary>A dotted-quad IPv4 address; where ISC also takes a host name, the caller resolves it before.</summary>
    public static readonly Parser<ConfigToken, IPv4Address> Address =
        P.Token(t => t.Kind == K.Word && IPv4Address.TryParse(t.Text, out _))
            .Select(t => IPv4Address.Parse(t.Text))
            .Labelled("an IPv4 address");

    /// <summary>A decimal number from 0 to 2^32-1 (lease times, option codes, offsets).</summary>
    public static readonly Parser<ConfigToken, uint> Number =
        P.Token(t => t.Kind == K.Word && uint.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .Select(t => uint.Parse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture))
            .Labelled("a number");

    /// <summary>A quoted string with its escapes resolved, as bytes (ISC strings are byte strings).</summary>
    public static readonly Parser<ConfigToken, ImmutableArray<byte>> StringBytes =
        P.Token(t => t.Kind == K.String)
            .Select(t => OptionValueCodec.TryUnquote(t.Text, out var bytes, out _) ? bytes.ToImmutableArray() : [])
            .Labelled("a quoted string");

    /// <summary>A quoted string decoded as Latin-1 text (file names, server names, class names).</summary>
    public static readonly Parser<ConfigToken, string> QuotedString =
        StringBytes.Select(b => Encoding.Latin1.GetString(b.AsSpan()));

    /// <summary>A name written bare or quoted (shared-network, host and class names).</summary>
    public static readonly Parser<ConfigToken, string> NameOrString =
        Word.Select(t => t.Text).Or(QuotedString).Labelled("a name");

    /// <summary>Colon-separated hex bytes (<c>ff:00:02</c>; one or two digits per group).</summary>
    public static readonly Parser<ConfigToken, ImmutableArray<byte>> ColonHex =
        P.Token(t => t.Kind == K.Word && TryColonHex(t.Text, out _))
            .Select(t => TryColonHex(t.Text, out var bytes) ? bytes : [])
            .Labelled("colon-separated hex bytes");

    /// <summary>ISC's flag spellings: true/false/on/off.</summary>
    public static readonly Parser<ConfigToken, bool> Flag =
        P.Token(t => t.Is("true") || t.Is("on")).Select(_ => true)
            .Or(P.Token(t => t.Is("false") || t.Is("off")).Select(_ => false))
            .Labelled("true, false, on or off");

    /// <summary>End of the statement's head (the <c>;</c> or <c>{</c> that follows is not part of the head).</summary>
    public static readonly Parser<ConfigToken, Unit> EndOfHead = P.End.Labelled("end of statement");

    /// <summary>Parses colon-hex text into bytes.</summary>
    public static bool TryColonHex(string text, out ImmutableArray<byte> bytes)
    {
        var list = new List<byte>();
        bool ok = OptionValueCodec.TryParseColonHex(text, list);
        bytes = ok ? [.. list] : [];
        return ok;
    }

    /// <summary>
    /// Runs <paramref name="parser"/> over a statement's tokens and turns a failure into a positioned
    /// diagnostic: the unexpected token, or the statement's terminator when the tokens ran out.
    /// </summary>
    public static bool TryRun<T>(
        Parser<ConfigToken, T> parser,
        ReadOnlySpan<ConfigToken> tokens,
        ConfigToken terminator,
        SourceText source,
        string what,
        out T value,
        out ConfigDiagnostic? error)
    {
        var result = parser.Parse(tokens);
        if (result.Success)
        {
            value = result.Value;
            error = null;
            return true;
        }
        value = default!;
        var e = result.Error!;
        var at = e.ErrorOffset >= 0 && e.ErrorOffset < tokens.Length ? tokens[e.ErrorOffset] : terminator;
        string found = e.EOF || !e.Unexpected.HasValue ? terminator.Describe() : e.Unexpected.Value.Describe();
        var labels = e.Expected.Select(x => x.Label).Where(l => l is not null).Distinct().ToList();
        string expected = labels.Count == 0 ? e.Message ?? "a different token" : string.Join(" or ", labels);
        error = new ConfigDiagnostic(source.PositionOf(at), $"{what}: expected {expected}, found {found}");
        return false;
    }
}
