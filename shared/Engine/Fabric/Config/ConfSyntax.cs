using IPoIBDhcp.Text;
using K = IPoIBDhcp.Text.ConfigTokenKind;

namespace IPoIBDhcp.Engine.Fabric.Config;

/// <summary>
/// The block syntax fabric.conf shares with ISC dhcpd.conf and named.conf: words, <c>;</c>-terminated
/// statements, <c>{ }</c> blocks, <c>#</c> comments, double-quoted strings. It reads the tokens of the shared
/// <see cref="ConfigLexer"/> and groups them into words; meaning is given by <see cref="FabricConfigParser"/>.
/// </summary>
/// <remarks>
/// fabric.conf's words are looser than ISC's: a bare word is any run of characters other than white space,
/// <c>{ } ; " #</c> (<c>node%03d</c>), so the lexer's tokens that touch are one word. Its quoted strings take no
/// escapes and end at the line: a string is the lexer's, up to the first <c>"</c>, refused at a line end. The first
/// error ends the read, worded as this syntax always has (<c>unexpected '}', expected Tokens: ";"</c>).
/// A single loop with an explicit stack of open blocks, so no input can exhaust the thread's stack.
/// </remarks>
internal static class ConfSyntax
{
    /// <summary>
    /// Deepest block nesting the syntax accepts. fabric.conf itself uses one level (<c>host h { port … ; }</c>);
    /// a deeper <c>{</c> is refused at its position.
    /// </summary>
    public const int MaxBlockNesting = 8;

    private const string ExpectEnd = "expected Tokens: \";\" or Tokens: \"{\"";
    private const string ExpectSemicolon = "expected Tokens: \";\"";
    private const string ExpectClose = "expected Tokens: \"}\"";
    private const string ExpectEndOfFile = "expected EOF";
    private const string ExpectQuote = "expected Label: quoted string";

    /// <summary>A block whose <c>{</c> has been read and whose <c>}</c> has not.</summary>
    private sealed record OpenBlock(List<ConfWord> Words, SourcePosition Open, List<ConfStatement> Outer, List<ConfStatement> Body);

    /// <summary>Parses the whole text or throws <see cref="FabricConfigException"/> at the first syntax error.</summary>
    public static IReadOnlyList<ConfStatement> Parse(string text, string fileName)
    {
        var reader = new WordReader(new SourceText(fileName, text));
        var file = new List<ConfStatement>();
        var open = new Stack<OpenBlock>();
        var current = file;
        while (true)
        {
            var item = reader.Next();
            if (item.Word is not null)
            {
                var words = new List<ConfWord> { item.Word };
                for (item = reader.Next(); item.Word is not null; item = reader.Next()) words.Add(item.Word);
                bool tooDeep = open.Count + 1 > MaxBlockNesting;
                if (item.Kind == K.Semicolon)
                {
                    current.Add(new ConfStatement(words, null, reader.PositionOf(item.Offset)));
                }
                else if (item.Kind == K.LeftBrace && !tooDeep)
                {
                    open.Push(new OpenBlock(words, reader.PositionOf(item.Offset), current, []));
                    current = open.Peek().Body;
                }
                else
                {
                    throw item.Kind == K.LeftBrace
                        ? reader.Error(item.Offset, $"blocks nested deeper than {MaxBlockNesting}")
                        : reader.Unexpected(item, tooDeep ? ExpectSemicolon : ExpectEnd);
                }
                continue;
            }
            if (open.Count == 0)
            {
                if (item.AtEnd) return file;
                throw reader.Unexpected(item, ExpectEndOfFile);
            }
            if (item.Kind != K.RightBrace) throw reader.Unexpected(item, ExpectClose);
            var block = open.Pop();
            block.Outer.Add(new ConfStatement(block.Words, block.Body, block.Open));
            current = block.Outer;
            reader.SkipSemicolon(); // "host h { … };" as named.conf writes it
        }
    }

    /// <summary>What the reader found next: a word, a <c>{ } ;</c>, or the end of the text (<see cref="K.Invalid"/>, which a word absorbs otherwise).</summary>
    private readonly record struct Item(ConfWord? Word, K Kind, int Offset, bool AtEnd);

    /// <summary>Reads words and punctuation from the lexer's tokens, one at a time.</summary>
    private sealed class WordReader(SourceText source)
    {
        private readonly string text = source.Text;
        private int offset;

        public SourcePosition PositionOf(int at) => source.PositionOf(at);

        public FabricConfigException Error(int at, string reason) => new(source.Diagnostic(at, reason));

        public FabricConfigException Unexpected(Item item, string expected) =>
            Error(item.Offset, $"unexpected {(item.AtEnd ? "end of file" : $"'{text[item.Offset]}'")}, {expected}");

        public Item Next()
        {
            if (ConfigLexer.NextToken(text, offset) is not { } token)
            {
                offset = text.Length;
                return new Item(null, K.Invalid, text.Length, AtEnd: true);
            }
            switch (token.Kind)
            {
                case K.Semicolon or K.LeftBrace or K.RightBrace:
                    offset = token.Offset + token.Length;
                    return new Item(null, token.Kind, token.Offset, AtEnd: false);
                case K.String or K.UnterminatedString:
                    int close = text.AsSpan(token.Offset + 1).IndexOfAny('"', '\n');
                    if (close < 0) throw Error(text.Length, $"unexpected end of file, {ExpectQuote}");
                    close += token.Offset + 1;
                    if (text[close] == '\n') throw Error(close, $"unexpected end of line, {ExpectQuote}");
                    offset = close + 1;
                    return Word(text[(token.Offset + 1)..close], quoted: true, token.Offset);
                default:
                    // Tokens that touch are one word: "node%03d" lexes as node, %, 03d.
                    int end = token.Offset + token.Length;
                    while (ConfigLexer.NextToken(text, end) is { } next && next.Offset == end
                        && next.Kind is not (K.Semicolon or K.LeftBrace or K.RightBrace or K.String or K.UnterminatedString))
                    {
                        end += next.Length;
                    }
                    offset = end;
                    return Word(text[token.Offset..end], quoted: false, token.Offset);
            }
        }

        /// <summary>Reads a <c>;</c> if one comes next.</summary>
        public void SkipSemicolon()
        {
            if (ConfigLexer.NextToken(text, offset) is { Kind: K.Semicolon } token) offset = token.Offset + token.Length;
        }

        private Item Word(string word, bool quoted, int at) =>
            new(new ConfWord(word, quoted, source.PositionOf(at)), K.Word, at, AtEnd: false);
    }
}
