using System.Collections.Immutable;
using IPoIBDhcp.Text;
using IPoIBDhcp.Wire.Options;
using Pidgin;
using static IPoIBDhcp.Text.TokenParsers;
using static Pidgin.Parser;
using K = IPoIBDhcp.Text.ConfigTokenKind;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// The grammar of an option definition's head after its name: <c>code N = TYPE</c>, with every type dhcp-options(5)
/// lists (boolean, integers, ip-address, ip6-address, text, string, domain-name, domain-list [compressed],
/// encapsulate SPACE, zerolen, <c>array of</c>, records). It only reads the shape; ISC's rules about which types may
/// combine are checked afterwards (<see cref="OptionTypeRules"/>), so each refusal can name its token.
/// And <c>option space NAME [code width N] [length width N] [hash size N]</c>.
/// </summary>
internal static class OptionTypeGrammar
{
    // "array of" is counted in a loop, not parsed by recursion, so a long run of it cannot exhaust the stack.
    private static readonly Parser<ConfigToken, ImmutableArray<ConfigToken>> Arrays =
        Keyword("array").Before(Keyword("of")).Many().Select(ts => ts.ToImmutableArray());

    private static Parser<ConfigToken, Func<ImmutableArray<ConfigToken>, OptionTypeItem>> Simple(string keyword, OptionFieldKind kind) =>
        Keyword(keyword).Select<Func<ImmutableArray<ConfigToken>, OptionTypeItem>>(t => a => new OptionTypeItem(t, a, kind));

    private static readonly Parser<ConfigToken, Func<ImmutableArray<ConfigToken>, OptionTypeItem>> Integer =
        OneOf(
            Map((s, w) => (s, w, signed: false), Keyword("unsigned").Before(Keyword("integer")), Word.Labelled("an integer width")),
            Map((s, w) => (s, w, signed: true), Keyword("signed").Before(Keyword("integer")), Word.Labelled("an integer width")),
            Map((s, w) => (s, w, signed: true), Keyword("integer"), Word.Labelled("an integer width")))
        .Select<Func<ImmutableArray<ConfigToken>, OptionTypeItem>>(x => a => new OptionTypeItem(x.s, a, OptionFieldKind.UInt8, x.w, x.signed));

    private static readonly Parser<ConfigToken, Func<ImmutableArray<ConfigToken>, OptionTypeItem>> Type = OneOf(
        Simple("boolean", OptionFieldKind.Boolean),
        Integer,
        Simple("ip-address", OptionFieldKind.IPv4Address),
        Simple("ip6-address", OptionFieldKind.IPv6Address),
        Simple("text", OptionFieldKind.Text),
        Simple("string", OptionFieldKind.String),
        Simple("domain-name", OptionFieldKind.DomainName),
        Map((t, c) => (Func<ImmutableArray<ConfigToken>, OptionTypeItem>)(a => new OptionTypeItem(t, a, OptionFieldKind.DomainList, Compressed: c.HasValue)),
            Keyword("domain-list"), Keyword("compressed").Optional()),
        Map((t, s) => (Func<ImmutableArray<ConfigToken>, OptionTypeItem>)(a => new OptionTypeItem(t, a, OptionFieldKind.Encapsulation, Space: s)),
            Keyword("encapsulate"), Word.Labelled("an option space name")),
        Simple("zerolen", OptionFieldKind.ZeroLength)).Labelled("an option type");

    private static readonly Parser<ConfigToken, OptionTypeItem> Item = Map((a, t) => t(a), Arrays, Type);

    private static readonly Parser<ConfigToken, ImmutableArray<OptionTypeItem>> Record =
        Punctuation(K.LeftBrace, "{").Then(Item.SeparatedAtLeastOnce(Comma)).Before(Punctuation(K.RightBrace, "}"))
            .Select(items => items.ToImmutableArray());

    private static readonly Parser<ConfigToken, OptionTypeSpec> Spec =
        Map((arrays, body) => body.IsRecord ? new OptionTypeSpec(arrays, body.Items, true) : new OptionTypeSpec([], [body.Items[0] with { Arrays = arrays.AddRange(body.Items[0].Arrays) }], false),
            Arrays,
            Record.Select(r => (Items: r, IsRecord: true)).Or(Type.Select(t => (Items: ImmutableArray.Create(t([])), IsRecord: false))));

    /// <summary>After <c>option NAME</c>: <c>code N = TYPE</c>.</summary>
    public static readonly Parser<ConfigToken, (uint Code, OptionTypeSpec Type)> Definition =
        Keyword("code").Then(Map((code, type) => (code, type),
            Number.Before(Punctuation(K.Equal, "=")), Spec))
        .Before(EndOfHead);

    /// <summary>One width clause of <c>option space</c>: which, and its number token.</summary>
    public readonly record struct SpaceClause(string Which, ConfigToken Number);

    /// <summary>After <c>option space</c>: <c>NAME [code width N] [length width N] [hash size N]</c>, clauses in any order.</summary>
    public static readonly Parser<ConfigToken, (ConfigToken Name, ImmutableArray<SpaceClause> Clauses)> SpaceDeclaration =
        Map((name, clauses) => (name, clauses.ToImmutableArray()),
            Word.Labelled("an option space name"),
            OneOf(
                Keyword("code").Then(Keyword("width")).Then(Word.Labelled("a number")).Select(n => new SpaceClause("code width", n)),
                Keyword("length").Then(Keyword("width")).Then(Word.Labelled("a number")).Select(n => new SpaceClause("length width", n)),
                Keyword("hash").Then(Keyword("size")).Then(Word.Labelled("a number")).Select(n => new SpaceClause("hash size", n)))
            .Many())
        .Before(EndOfHead);
}
