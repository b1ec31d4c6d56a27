using System.Collections.Immutable;
using System.Globalization;
using IPoIBDhcp.Server.Config.Hooks;
using IPoIBDhcp.Text;
using Pidgin;
using static IPoIBDhcp.Text.TokenParsers;
using static Pidgin.Parser;
using K = IPoIBDhcp.Text.ConfigTokenKind;
using BoundData = System.Func<IPoIBDhcp.Server.Config.ExpressionBinder, IPoIBDhcp.Server.Config.DataExpression>;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// The heads of the statements inside <c>on commit|release|expiry { … }</c> (dhcp-eval(5)): the events of <c>on</c>,
/// <c>execute</c>, <c>log</c>, <c>set</c> and <c>unset</c>. Data expressions are the shared expression grammar's, plus
/// a bare name, which in a hook is a lease variable (ISC's variable reference).
/// </summary>
internal static class HookGrammar
{
    private static readonly Parser<ConfigToken, HookEvents> Event = OneOf(
        Keyword("commit").Select(_ => HookEvents.Commit),
        Keyword("release").Select(_ => HookEvents.Release),
        Keyword("expiry").Select(_ => HookEvents.Expiry)).Labelled("commit, release or expiry");

    /// <summary><c>on EVENT [or EVENT …]</c>'s events.</summary>
    public static readonly Parser<ConfigToken, HookEvents> Events =
        Map((first, rest) => rest.Aggregate(first, (all, e) => all | e), Event, Keyword("or").Then(Event).Many()).Before(EndOfHead);

    /// <summary>
    /// A data expression, or a bare name that cannot start one (not a keyword, not colon-hex) standing alone as an
    /// argument or value: a variable. Inside another expression (<c>concat("x", name)</c>) a variable is refused by the
    /// expression grammar, which does not know variables.
    /// </summary>
    public static readonly Parser<ConfigToken, BoundData> Data =
        Try(Parser<ConfigToken>.Token(t => t.Kind == K.Word && !ExpressionGrammar.StartsDataExpression(t))
                .Before(Lookahead(Comma.Or(RightParen).Select(_ => Unit.Value).Or(EndOfHead))))
            .Select(name => (BoundData)(_ => new VariableReferenceExpression(name.Text)))
            .Or(ExpressionGrammar.DataExpression);

    /// <summary><c>("/path", arg, …)</c>: ISC requires the program to be a quoted string.</summary>
    public static readonly Parser<ConfigToken, (string Program, IEnumerable<BoundData> Arguments)> Execute =
        LeftParen.Then(Map((program, args) => (program, args), QuotedString.Labelled("the program as a quoted string"), Comma.Then(Data).Many()))
            .Before(RightParen).Before(EndOfHead);

    private static readonly Parser<ConfigToken, HookLogPriority> Priority = OneOf(
        Keyword("fatal").Select(_ => HookLogPriority.Fatal),
        Keyword("error").Select(_ => HookLogPriority.Error),
        Keyword("info").Select(_ => HookLogPriority.Info),
        Keyword("debug").Select(_ => HookLogPriority.Debug));

    /// <summary><c>([priority,] expression)</c>; info when no priority is given, as in ISC.</summary>
    public static readonly Parser<ConfigToken, (HookLogPriority Priority, BoundData Message)> Log =
        LeftParen.Then(Map((p, m) => (p.GetValueOrDefault(HookLogPriority.Info), m), Try(Priority.Before(Comma)).Optional(), Data))
            .Before(RightParen).Before(EndOfHead);

    private static readonly Parser<ConfigToken, Leases.LeaseVariable?> Literal = OneOf(
        Parser<ConfigToken>.Token(t => t.Kind == K.Word && long.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .Select(t => (Leases.LeaseVariable?)new Leases.LeaseVariable("", t.Text, Leases.LeaseVariableKind.Numeric)),
        Keyword("true").Or(Keyword("false"))
            .Select(t => (Leases.LeaseVariable?)new Leases.LeaseVariable("", t.Text.ToLowerInvariant(), Leases.LeaseVariableKind.Boolean)));

    /// <summary><c>NAME = value</c>: a number, true or false (written as such), or a data expression.</summary>
    public static readonly Parser<ConfigToken, (ConfigToken Name, Leases.LeaseVariable? Literal, BoundData? Value)> Set =
        Map((name, value) => (name, value.Literal, value.Value),
            Word.Labelled("a variable name").Before(Punctuation(K.Equal, "=")),
            Try(Literal.Before(EndOfHead)).Select(l => (Literal: l, Value: (BoundData?)null))
                .Or(Data.Before(EndOfHead).Select(d => (Literal: (Leases.LeaseVariable?)null, Value: (BoundData?)d))));

    /// <summary><c>NAME</c>.</summary>
    public static readonly Parser<ConfigToken, ConfigToken> Unset = Word.Labelled("a variable name").Before(EndOfHead);
}
