using Pidgin;
using Pidgin.Expression;
using IPoIBDhcp.Text;
using static IPoIBDhcp.Text.TokenParsers;
using static Pidgin.Parser;
using K = IPoIBDhcp.Text.ConfigTokenKind;
using Bound = System.Func<IPoIBDhcp.Server.Config.ExpressionBinder, IPoIBDhcp.Server.Config.BooleanExpression>;
using BoundData = System.Func<IPoIBDhcp.Server.Config.ExpressionBinder, IPoIBDhcp.Server.Config.DataExpression>;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// The expression language of <c>match if</c> and <c>if</c>. Parsers yield functions of an
/// <see cref="ExpressionBinder"/> so that option names are resolved against the table in force where the
/// expression is written, without the grammar itself holding any state.
/// Precedence, tightest first: <c>not</c>, <c>and</c>, <c>or</c>; <c>=</c>/<c>!=</c> join data expressions.
/// </summary>
internal static class ExpressionGrammar
{
    private static readonly Parser<ConfigToken, BoundData> Data = Rec(() => DataAlternatives!);

    private static readonly Parser<ConfigToken, BoundData> Substring =
        Keyword("substring").Then(LeftParen).Then(
            Map((d, o, l) => (BoundData)(b => new SubstringExpression(d(b), o, l)),
                Data.Before(Comma), Number.Before(Comma), Number))
        .Before(RightParen);

    private static readonly Parser<ConfigToken, BoundData> Suffix =
        Keyword("suffix").Then(LeftParen).Then(
            Map((d, n) => (BoundData)(b => new SuffixExpression(d(b), n)), Data.Before(Comma), Number))
        .Before(RightParen);

    private static readonly Parser<ConfigToken, BoundData> OptionData =
        Keyword("option").Then(Word.Labelled("an option name"))
            .Select(name => (BoundData)(b => new OptionDataExpression(b.Code(name), name.Text)));

    private static readonly Parser<ConfigToken, BoundData> Literal =
        StringBytes.Or(ColonHex).Select(v => (BoundData)(_ => new ConstantDataExpression(v)))
            .Labelled("a data expression");

    private static readonly Parser<ConfigToken, BoundData> DataAlternatives =
        OneOf(Substring, Suffix, OptionData, Literal);

    private static readonly Parser<ConfigToken, Bound> Boolean = Rec(() => BooleanTable!);

    private static readonly Parser<ConfigToken, Bound> Comparison =
        Map((l, negated, r) => (Bound)(b => new EqualityExpression(l(b), r(b), negated)),
            Data,
            Punctuation(K.Equal, "=").Select(_ => false).Or(Punctuation(K.NotEqual, "!=").Select(_ => true)),
            Data);

    private static readonly Parser<ConfigToken, Bound> Primary = OneOf(
        LeftParen.Then(Boolean).Before(RightParen),
        Keyword("exists").Then(Word.Labelled("an option name"))
            .Select(name => (Bound)(b => new ExistsExpression(b.Code(name), name.Text))),
        Keyword("known").Select(_ => (Bound)(_ => new KnownExpression())),
        Comparison);

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

    /// <summary>Any boolean expression (ISC's <c>boolean-expression</c>), bound the same way as <see cref="DataExpression"/>.</summary>
    internal static Parser<ConfigToken, Bound> BooleanExpression => Boolean;

    /// <summary>A whole condition filling the rest of a statement head.</summary>
    public static readonly Parser<ConfigToken, Bound> Condition = Boolean.Before(EndOfHead);
}
