using System.Collections.Immutable;
using Pidgin;
using static Pidgin.Parser;
using K = IPoIBDhcp.Config.Text.ConfigTokenKind;
using P = Pidgin.Parser<IPoIBDhcp.Config.Text.ConfigToken>;

namespace IPoIBDhcp.Config.Text;

/// <summary>
/// Groups a token list into <see cref="ConfigStatement"/>s. Total: every input yields statements, with
/// structural mistakes recorded on the statement where they happened, so one missing <c>;</c> or an extra
/// <c>}</c> costs one message, not the rest of the file.
/// </summary>
public static class StatementStructureParser
{
    private static Parser<ConfigToken, ConfigToken> Kind(K kind) => P.Token(t => t.Kind == kind);

    private static readonly Parser<ConfigToken, ConfigToken> HeadToken =
        P.Token(t => t.Kind is not (K.LeftBrace or K.RightBrace or K.Semicolon));

    private static readonly Parser<ConfigToken, ConfigToken> EndMarker =
        P.End.Select(_ => new ConfigToken(K.Semicolon, "", -1));

    private static readonly Parser<ConfigToken, ImmutableArray<ConfigStatement>> Block =
        Rec(() => Body!);

    /// <summary><c>{ statements }</c> after the head; a body cut off by end of file records the error on the statement.</summary>
    private static readonly Parser<ConfigToken, Func<ImmutableArray<ConfigToken>, ConfigStatement>> BlockTail =
        Map(
            (open, body, close) => (Func<ImmutableArray<ConfigToken>, ConfigStatement>)(head =>
                new ConfigStatement(head, body, open, close ? null : head.IsEmpty ? "'{' is never closed by '}'" : $"{head[0].Text}: '{{' is never closed by '}}'")),
            Kind(K.LeftBrace),
            Block,
            Kind(K.RightBrace).Select(_ => true).Or(P.End.Select(_ => false)));

    private static readonly Parser<ConfigToken, Func<ImmutableArray<ConfigToken>, ConfigStatement>> SimpleTail =
        Kind(K.Semicolon).Select(semi => (Func<ImmutableArray<ConfigToken>, ConfigStatement>)(head =>
            new ConfigStatement(head, default, semi)));

    private static readonly Parser<ConfigToken, Func<ImmutableArray<ConfigToken>, ConfigStatement>> EofTail =
        EndMarker.Select(end => (Func<ImmutableArray<ConfigToken>, ConfigStatement>)(head =>
            new ConfigStatement(head, default, end with { Offset = head[^1].Offset }, $"{head[0].Text}: missing ';' at end of file")));

    private static readonly Parser<ConfigToken, Func<ImmutableArray<ConfigToken>, ConfigStatement>> BeforeCloseTail =
        Lookahead(Kind(K.RightBrace)).Select(close => (Func<ImmutableArray<ConfigToken>, ConfigStatement>)(head =>
            new ConfigStatement(head, default, close, $"{head[0].Text}: missing ';' before '}}'")));

    private static readonly Parser<ConfigToken, ConfigStatement> Statement =
        Map(
            (head, tail) => tail(head.ToImmutableArray()),
            HeadToken.AtLeastOnce(),
            OneOf(SimpleTail, BlockTail, BeforeCloseTail, EofTail));

    private static readonly Parser<ConfigToken, ConfigStatement> StraySemicolon =
        Kind(K.Semicolon).Select(t => new ConfigStatement([], default, t, "unexpected ';'"));

    private static readonly Parser<ConfigToken, ConfigStatement> BareBlock =
        BlockTail.Select(f => f([]) is var s && s.Error is null ? s with { Error = "'{' without a statement before it" } : s);

    private static readonly Parser<ConfigToken, ConfigStatement> StrayClose =
        Kind(K.RightBrace).Select(t => new ConfigStatement([], default, t, "unexpected '}'"));

    private static readonly Parser<ConfigToken, ImmutableArray<ConfigStatement>> Body =
        OneOf(Statement, StraySemicolon, BareBlock).Many().Select(s => s.ToImmutableArray());

    private static readonly Parser<ConfigToken, ImmutableArray<ConfigStatement>> File =
        OneOf(Statement, StraySemicolon, BareBlock, StrayClose).Many().Before(P.End).Select(s => s.ToImmutableArray());

    /// <summary>The top-level statements of a token list.</summary>
    public static ImmutableArray<ConfigStatement> Parse(ImmutableArray<ConfigToken> tokens) =>
        File.Parse(tokens.AsSpan()).Value;
}
