using System.Collections.Immutable;
using Pidgin;
using Pidgin.Expression;
using IPoIBDhcp.Text;
using static IPoIBDhcp.Text.TokenParsers;
using static Pidgin.Parser;
using K = IPoIBDhcp.Text.ConfigTokenKind;
using P = Pidgin.Parser<IPoIBDhcp.Text.ConfigToken>;
using Bound = System.Func<IPoIBDhcp.Server.Config.ExpressionBinder, IPoIBDhcp.Server.Config.BooleanExpression>;
using BoundData = System.Func<IPoIBDhcp.Server.Config.ExpressionBinder, IPoIBDhcp.Server.Config.DataExpression>;
using BoundNumber = System.Func<IPoIBDhcp.Server.Config.ExpressionBinder, IPoIBDhcp.Server.Config.NumericExpression>;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// The expression language of dhcp-eval(5) (<c>match if</c>, <c>if</c>, <c>match</c>, <c>spawn with</c>,
/// <c>option X = …</c>). Parsers yield functions of an <see cref="ExpressionBinder"/> so that option names are
/// resolved against the table in force where the expression is written, without the grammar holding any state.
/// Three kinds of expression, as ISC: data (bytes), numeric (unsigned numbers) and boolean.
/// Boolean precedence, tightest first: comparisons (<c>= != ~= ~~</c>), <c>not</c>, <c>and</c>, <c>or</c>.
/// Numeric precedence, tightest first, as ISC: <c>&amp; | ^</c>, then <c>+</c>, then <c>* / %</c>.
/// </summary>
internal static class ExpressionGrammar
{
    private static readonly Parser<ConfigToken, BoundData> Data = Rec(() => DataAlternatives!);

    private static readonly Parser<ConfigToken, BoundNumber> Numeric = Rec(() => NumericTable!);

    private static Parser<ConfigToken, T> Call<T>(string keyword, Parser<ConfigToken, T> arguments) =>
        Keyword(keyword).Then(LeftParen).Then(arguments).Before(RightParen);

    // concat takes two or more operands (ISC 4.4), pick-first-value one or more.
    private static Parser<ConfigToken, ImmutableArray<BoundData>> DataList(int least) => least <= 1
        ? Data.SeparatedAtLeastOnce(Comma).Select(ds => ds.ToImmutableArray())
        : Map((first, rest) => rest.Prepend(first).ToImmutableArray(), Data, Comma.Then(Data).AtLeastOnce());

    private static readonly Parser<ConfigToken, int> Width =
        P.Token(t => t.Kind == K.Word && t.Text is "8" or "16" or "32").Select(t => int.Parse(t.Text, System.Globalization.CultureInfo.InvariantCulture))
            .Labelled("8, 16 or 32");

    private static Parser<ConfigToken, BoundData> Constant(string keyword, DataExpression value) =>
        Keyword(keyword).Select(_ => (BoundData)(_ => value));

    private static readonly HashSet<string> DataKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "substring", "suffix", "lcase", "ucase", "concat", "pick-first-value", "binary-to-ascii", "encode-int", "reverse",
        "packet", "gethostname", "option", "config-option", "hardware", "leased-address", "host-decl-name", "null",
        "filename", "server-name",
    };

    private static bool StartsData(ConfigToken t) =>
        t.Kind is K.String or K.LeftParen || (t.Kind == K.Word && (DataKeywords.Contains(t.Text) || TryColonHex(t.Text, out _)));

    private static bool StartsNumber(ConfigToken t) =>
        t.Kind == K.LeftParen || (t.Kind == K.Word && (t.Is("extract-int") || t.Is("lease-time")
            || ulong.TryParse(t.Text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)));

    private static bool StartsBoolean(ConfigToken t) =>
        t.Is("not") || t.Is("exists") || t.Is("known") || t.Is("static") || StartsData(t) || StartsNumber(t);

    // Each kind of expression first checks that its first token can start one: a wrong first token is reported
    // as "expected a data expression", while an error further in keeps the inner parser's own expectation.
    private static Parser<ConfigToken, T> Guarded<T>(Func<ConfigToken, bool> starts, string label, Parser<ConfigToken, T> parser) =>
        Lookahead(P.Token(starts)).Labelled(label).Then(parser);

    private static readonly Parser<ConfigToken, BoundData> DataAlternatives = Guarded(StartsData, "a data expression", OneOf(
        Call("substring", Map((d, o, l) => (BoundData)(b => new SubstringExpression(d(b), o(b), l(b))),
            Data.Before(Comma), Numeric.Before(Comma), Numeric)),
        Call("suffix", Map((d, n) => (BoundData)(b => new SuffixExpression(d(b), n(b))), Data.Before(Comma), Numeric)),
        Call("lcase", Data.Select(d => (BoundData)(b => new CaseConversionExpression(d(b), false)))),
        Call("ucase", Data.Select(d => (BoundData)(b => new CaseConversionExpression(d(b), true)))),
        Call("concat", DataList(2).Select(ds => (BoundData)(b => new ConcatExpression([.. ds.Select(d => d(b))])))),
        Call("pick-first-value", DataList(1).Select(ds => (BoundData)(b => new PickFirstValueExpression([.. ds.Select(d => d(b))])))),
        Call("binary-to-ascii", Map((n, w, s, d) => (BoundData)(b => new BinaryToAsciiExpression(n(b), w(b), s(b), d(b))),
            Numeric.Before(Comma), Numeric.Before(Comma), Data.Before(Comma), Data)),
        Call("encode-int", Map((n, w) => (BoundData)(b => new EncodeIntExpression(n(b), w)), Numeric.Before(Comma), Width)),
        Call("reverse", Map((w, d) => (BoundData)(b => new ReverseExpression(w(b), d(b))), Numeric.Before(Comma), Data)),
        Call("packet", Map((o, l) => (BoundData)(b => new PacketExpression(o(b), l(b))), Numeric.Before(Comma), Numeric)),
        Call("gethostname", P.Return((BoundData)(_ => new GetHostNameExpression()))),
        Keyword("option").Then(Word.Labelled("an option name"))
            .Select(name => (BoundData)(b => b.OptionData(name))),
        Keyword("config-option").Then(Word.Labelled("an option name"))
            .Select(name => (BoundData)(b => new ConfigOptionExpression(b.Code(name), name.Text))),
        Constant("hardware", new HardwareExpression()),
        Constant("leased-address", new LeasedAddressExpression()),
        Constant("host-decl-name", new HostDeclarationNameExpression()),
        Constant("null", new NullExpression()),
        Constant("filename", new BootFieldExpression(false)),
        Constant("server-name", new BootFieldExpression(true)),
        Try(LeftParen.Then(Data).Before(RightParen)),
        StringBytes.Or(ColonHex).Select(v => (BoundData)(_ => new ConstantDataExpression(v)))));

    private static readonly Parser<ConfigToken, BoundNumber> DecimalNumber =
        P.Token(t => t.Kind == K.Word && ulong.TryParse(t.Text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            .Select(t => (BoundNumber)(_ => new ConstantNumericExpression(ulong.Parse(t.Text, System.Globalization.CultureInfo.InvariantCulture))))
            .Labelled("a number");

    private static readonly Parser<ConfigToken, BoundNumber> NumericPrimary = Guarded(StartsNumber, "a numeric expression", OneOf(
        Call("extract-int", Map((d, w) => (BoundNumber)(b => new ExtractIntExpression(d(b), w)), Data.Before(Comma), Width)),
        Keyword("lease-time").Select(_ => (BoundNumber)(_ => new LeaseTimeExpression())),
        DecimalNumber,
        LeftParen.Then(Numeric).Before(RightParen)));

    private static Parser<ConfigToken, Func<BoundNumber, BoundNumber, BoundNumber>> Op(string text, ArithmeticOperator op) =>
        P.Token(t => t.Text == text && t.Kind is K.Word or K.Operator)
            .Select<Func<BoundNumber, BoundNumber, BoundNumber>>(_ => (x, y) => b => new ArithmeticExpression(op, x(b), y(b)));

    // ISC 4.4's own precedence, found by asking ISC dhcpd 4.4.3 (IscWireCheck, arithmetic cases in EvalGrammarTests):
    // & | ^ bind tightest (left to right among themselves), then +, then * / % (so 2 * 3 + 4 is 14). ISC's lexer
    // takes "-" into names, so it has no subtraction; neither has this grammar.
    private static readonly Parser<ConfigToken, BoundNumber> NumericTable = ExpressionParser.Build(
        NumericPrimary,
        [
            Operator.InfixL(OneOf(Op("&", ArithmeticOperator.BitAnd), Op("|", ArithmeticOperator.BitOr), Op("^", ArithmeticOperator.BitXor))),
            Operator.InfixL(Op("+", ArithmeticOperator.Add)),
            Operator.InfixL(OneOf(Op("*", ArithmeticOperator.Multiply), Op("/", ArithmeticOperator.Divide), Op("%", ArithmeticOperator.Remainder))),
        ]);

    private static readonly Parser<ConfigToken, Bound> Boolean = Rec(() => BooleanTable!);

    private enum Relation { Equal, NotEqual, Regex, RegexIgnoringCase }

    private static readonly Parser<ConfigToken, Relation> RelationOperator = OneOf(
        Punctuation(K.Equal, "=").Select(_ => Relation.Equal),
        Punctuation(K.NotEqual, "!=").Select(_ => Relation.NotEqual),
        Punctuation(K.RegexMatch, "~=").Select(_ => Relation.Regex),
        Punctuation(K.RegexMatchIgnoringCase, "~~").Select(_ => Relation.RegexIgnoringCase));

    // A numeric left side makes a numeric comparison (extract-int (…) = 3); anything else compares data, and the
    // right side is read in the same kind, as ISC reads it in the left side's context.
    private static readonly Parser<ConfigToken, Bound> NumericComparison =
        Map((l, negated, r) => (Bound)(b => new NumericEqualityExpression(l(b), r(b), negated)),
            Try(Numeric.Before(Lookahead(Punctuation(K.Equal, "=").Or(Punctuation(K.NotEqual, "!="))))),
            Punctuation(K.Equal, "=").Select(_ => false).Or(Punctuation(K.NotEqual, "!=").Select(_ => true)),
            Numeric);

    private static readonly Parser<ConfigToken, Bound> DataComparison =
        Map((l, relation, r) => Compare(l, relation, r), Data, RelationOperator, Data);

    private static Bound Compare(BoundData left, Relation relation, BoundData right) => relation switch
    {
        Relation.Equal => b => new EqualityExpression(left(b), right(b), false),
        Relation.NotEqual => b => new EqualityExpression(left(b), right(b), true),
        _ => b =>
        {
            var pattern = right(b);
            bool ignoreCase = relation == Relation.RegexIgnoringCase;
            var compiled = pattern is ConstantDataExpression constant ? b.Regex(constant.Value.AsSpan(), ignoreCase) : null;
            return new RegexMatchExpression(left(b), pattern, ignoreCase, compiled);
        },
    };

    private static readonly Parser<ConfigToken, Bound> Primary = Guarded(StartsBoolean, "a boolean expression", OneOf(
        Try(LeftParen.Then(Boolean).Before(RightParen)),
        Keyword("exists").Then(Word.Labelled("an option name"))
            .Select(name => (Bound)(b => b.OptionExists(name))),
        Keyword("known").Select(_ => (Bound)(_ => new KnownExpression())),
        Keyword("static").Select(_ => (Bound)(_ => new StaticExpression())),
        NumericComparison,
        DataComparison));

    private static readonly Parser<ConfigToken, Bound> BooleanTable = ExpressionParser.Build(
        Primary,
        [
            Operator.Prefix(Keyword("not").Select<Func<Bound, Bound>>(_ => x => b => new NotExpression(x(b)))),
            Operator.InfixL(Keyword("and").Select<Func<Bound, Bound, Bound>>(_ => (x, y) => b => new AndExpression(x(b), y(b)))),
            Operator.InfixL(Keyword("or").Select<Func<Bound, Bound, Bound>>(_ => (x, y) => b => new OrExpression(x(b), y(b)))),
        ]);

    /// <summary>
    /// Any data expression (ISC's <c>data-expression</c>), for other statements that take one (<c>set</c>, <c>log</c>,
    /// <c>option X = …</c>). Yields a function of the <see cref="ExpressionBinder"/> in force where it is written.
    /// </summary>
    internal static Parser<ConfigToken, BoundData> DataExpression => Data;

    /// <summary>Any numeric expression (ISC's <c>numeric-expression</c>), bound the same way.</summary>
    internal static Parser<ConfigToken, BoundNumber> NumericExpression => Numeric;

    /// <summary>Any boolean expression (ISC's <c>boolean-expression</c>), bound the same way as <see cref="DataExpression"/>.</summary>
    internal static Parser<ConfigToken, Bound> BooleanExpression => Boolean;

    /// <summary>A whole condition filling the rest of a statement head.</summary>
    public static readonly Parser<ConfigToken, Bound> Condition = Boolean.Before(EndOfHead);

    /// <summary>A whole data expression filling the rest of a statement head (<c>match</c>, <c>spawn with</c>, <c>option X = …</c>).</summary>
    public static readonly Parser<ConfigToken, BoundData> WholeData = Data.Before(EndOfHead);
}
