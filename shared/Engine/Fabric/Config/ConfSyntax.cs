using IPoIBDhcp.Text;
using Pidgin;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace IPoIBDhcp.Engine.Fabric.Config;

/// <summary>
/// The block syntax fabric.conf shares with ISC dhcpd.conf and named.conf: words, <c>;</c>-terminated
/// statements, <c>{ }</c> blocks, <c>#</c> comments, double-quoted strings. Pidgin does the lexing and
/// nesting; meaning is given by <see cref="FabricConfigParser"/>.
/// </summary>
internal static class ConfSyntax
{
    private static readonly Parser<char, Unit> Comment =
        Char('#').Then(Token(c => c != '\n').SkipMany());

    private static readonly Parser<char, Unit> Space =
        OneOf(Token(char.IsWhiteSpace).IgnoreResult(), Comment).SkipMany();

    private static Parser<char, char> Symbol(char c) => Char(c).Before(Space);

    private static readonly Parser<char, ConfWord> QuotedWord =
        Map(
            (pos, text) => new ConfWord(text, true, pos),
            CurrentPos,
            Token(c => c is not ('"' or '\n')).ManyString().Between(Char('"')))
        .Labelled("quoted string");

    private static readonly Parser<char, ConfWord> BareWord =
        Map(
            (pos, text) => new ConfWord(text, false, pos),
            CurrentPos,
            Token(c => !char.IsWhiteSpace(c) && c is not ('{' or '}' or ';' or '"' or '#')).AtLeastOnceString())
        .Labelled("word");

    private static readonly Parser<char, ConfWord> Word = OneOf(QuotedWord, BareWord).Before(Space);

    /// <summary>
    /// Deepest block nesting the syntax accepts. fabric.conf itself uses one level (<c>host h { port … ; }</c>);
    /// the grammar is a fixed tower of this many levels rather than a recursive one, so no input can nest
    /// deeper than the stack allows: a deeper <c>{</c> is refused at its position.
    /// </summary>
    public const int MaxBlockNesting = 8;

    /// <summary>A statement whose block, if any, is the <paramref name="depth"/>-th nested one.</summary>
    private static Parser<char, ConfStatement> StatementAt(int depth) =>
        Map(
            (words, end) => new ConfStatement(words.ToList(), end.Block, end.Pos),
            Word.AtLeastOnce(),
            depth > MaxBlockNesting ? OneOf(TooDeep, SimpleEnd) : OneOf(SimpleEnd, BlockAt(depth)));

    private static readonly Parser<char, (SourcePos Pos, IReadOnlyList<ConfStatement>? Block)> SimpleEnd =
        Map(pos => (Pos: pos, Block: (IReadOnlyList<ConfStatement>?)null), CurrentPos.Before(Symbol(';')));

    private static Parser<char, (SourcePos Pos, IReadOnlyList<ConfStatement>? Block)> BlockAt(int depth) =>
        Map(
            (pos, block) => (Pos: pos, Block: (IReadOnlyList<ConfStatement>?)block.ToList()),
            CurrentPos.Before(Symbol('{')),
            StatementAt(depth + 1).Many().Before(Symbol('}')).Before(Symbol(';').Optional()));

    // Fails at the '{' itself (nothing consumed) with its own message; first in its OneOf so the message is the one kept.
    private static readonly Parser<char, (SourcePos Pos, IReadOnlyList<ConfStatement>? Block)> TooDeep =
        Lookahead(Char('{'))
            .Assert(_ => false, _ => $"blocks nested deeper than {MaxBlockNesting}")
            .Select(_ => (Pos: default(SourcePos), Block: (IReadOnlyList<ConfStatement>?)null));

    // After SimpleEnd and TooDeep: static fields are initialised in the order written.
    private static readonly Parser<char, ConfStatement> Statement = StatementAt(1);

    private static readonly Parser<char, List<ConfStatement>> File =
        Space.Then(Statement.Many()).Before(End).Select(s => s.ToList());

    /// <summary>Parses the whole text or throws <see cref="FabricConfigException"/> at the first syntax error.</summary>
    public static IReadOnlyList<ConfStatement> Parse(string text, string fileName)
    {
        Result<char, List<ConfStatement>> result = File.Parse(text);
        if (result.Success)
            return result.Value;
        throw SyntaxError(result.Error!, fileName);
    }

    /// <summary>Turns a Pidgin error into <c>file:line:col: unexpected X, expected Y</c>.</summary>
    internal static FabricConfigException SyntaxError(ParseError<char> error, string fileName)
    {
        string unexpected = error.EOF ? "end of file"
            : error.Unexpected.HasValue ? Describe(error.Unexpected.Value)
            : "input";
        string[] expected = error.Expected.Select(e => e.ToString()).Where(e => e.Length > 0).Distinct().ToArray();
        string reason = error.Message is { Length: > 0 } message
            ? message
            : expected.Length > 0 ? $"unexpected {unexpected}, expected {string.Join(" or ", expected)}" : $"unexpected {unexpected}";
        return new FabricConfigException(new ConfigDiagnostic(fileName, error.ErrorPos.Line, error.ErrorPos.Col, reason));
    }

    private static string Describe(char c) => c switch
    {
        '\n' => "end of line",
        _ when char.IsControl(c) => $"character U+{(int)c:X4}",
        _ => $"'{c}'",
    };
}
