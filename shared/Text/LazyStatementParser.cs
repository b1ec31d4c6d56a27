using System.Collections.Immutable;
using K = IPoIBDhcp.Text.ConfigTokenKind;

namespace IPoIBDhcp.Text;

/// <summary>
/// Groups ISC configuration text into <see cref="ConfigStatement"/>s one block level at a time. A block's body is
/// skipped (its end found without making a token's text) and grouped only when a reader asks for it
/// (<see cref="ParseBody"/>): a dhcpd.conf of 100,000 hosts then holds the tokens of the file's top level and of one
/// host at a time, where grouping it whole held 1.1 million tokens and 300,000 statements until the end of the read.
/// </summary>
/// <remarks>
/// The statements, errors and positions are those of <see cref="StatementStructureParser"/>, level by level, for any
/// text (a property test holds the two to each other): the same rules end a head (<c>;</c>, <c>{</c>, <c>}</c>), the
/// same braces belong to an option's record type, and a block that is never closed takes the rest of the file.
/// Loops with a depth counter, no recursion: 100,000 nested blocks cost no call stack.
/// </remarks>
public sealed class LazyStatementParser
{
    private readonly Source text;
    // Every block of the file, in the order of their '{': where each body starts, and the offset after its '}' (-1 when
    // never closed). Found in one pass, so reading 20,000 nested groups level by level does not skip the same text 20,000 times.
    private readonly int[] bodyStarts, blockEnds;

    /// <summary>Prepares to group <paramref name="text"/>; words recur through <paramref name="words"/>.</summary>
    public LazyStatementParser(string text, ConfigWords words)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(words);
        this.text = new Source(text, null, words);
        (bodyStarts, blockEnds) = IndexBlocks(this.text);
    }

    /// <summary>
    /// Prepares to group the file <paramref name="source"/> holds: from its ASCII bytes when it was read as them (the
    /// same statements at the same offsets, without ever making the file's text), else from its text.
    /// </summary>
    public LazyStatementParser(SourceText source, ConfigWords words)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(words);
        text = source.Ascii is { } ascii ? new Source(null, ascii, words) : new Source(source.Text, null, words);
        (bodyStarts, blockEnds) = IndexBlocks(text);
    }

    /// <summary>The top-level statements of the file; the bodies of its blocks are deferred.</summary>
    public ImmutableArray<ConfigStatement> ParseFile() => ParseLevel(0, inBody: false);

    /// <summary>
    /// The statements of <paramref name="statement"/>'s body (its bodies in turn deferred): grouped now if it was
    /// deferred, as it is otherwise. The statement must come from this file.
    /// </summary>
    public ImmutableArray<ConfigStatement> ParseBody(ConfigStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (statement.DeferredBody < 0) return statement.Body;
        return ParseLevel(statement.DeferredBody, inBody: true);
    }

    /// <summary>The level from <paramref name="offset"/>: to the end of the text, or to the <c>}</c> that closes it when <paramref name="inBody"/>.</summary>
    /// <remarks>
    /// Each statement's head is an array of its own, not a window on one array of the level's tokens: a reader that is
    /// done with a statement (every host of a 100,000-host file, in turn) lets its tokens go with it.
    /// </remarks>
    private ImmutableArray<ConfigStatement> ParseLevel(int offset, bool inBody)
    {
        var head = new TokenList(text);
        var statements = ImmutableArray.CreateBuilder<ConfigStatement>();
        while (text.Measure(offset, out var kind, out int start, out int length))
        {
            offset = start + length;
            if (kind is K.Semicolon or K.LeftBrace or K.RightBrace)
            {
                var token = text.Token(kind, start, length);
                if (kind == K.RightBrace && inBody) break;
                int body = -1;
                if (kind == K.LeftBrace)
                {
                    body = offset;
                    offset = EndOfBlock(body);
                }
                string error = kind switch
                {
                    K.Semicolon => "unexpected ';'",
                    K.RightBrace => "unexpected '}'",
                    _ => offset < 0 ? "'{' is never closed by '}'" : "'{' without a statement before it",
                };
                statements.Add(new ConfigStatement(default, default, token, error) { DeferredBody = body });
                if (offset < 0) break;
                continue;
            }
            head.Clear();
            head.Add(kind, start, length);
            var end = ScanHead(text, ref offset, ref head, new HeadState(text, kind, start, length), out var terminator);
            var tokens = head.ToArray();
            string first = tokens[0].Text;
            switch (end)
            {
                case HeadEnd.EndOfText:
                    statements.Add(new ConfigStatement(tokens, default, new ConfigToken(K.Semicolon, "", tokens[^1].Offset), $"{first}: missing ';' at end of file"));
                    return statements.DrainToImmutable();
                case HeadEnd.Semicolon:
                    statements.Add(new ConfigStatement(tokens, default, Punctuation(terminator)));
                    break;
                case HeadEnd.Block:
                    int body = offset;
                    offset = EndOfBlock(body);
                    statements.Add(new ConfigStatement(tokens, default, Punctuation(terminator), offset < 0 ? $"{first}: '{{' is never closed by '}}'" : null) { DeferredBody = body });
                    if (offset < 0) return statements.DrainToImmutable();
                    break;
                case HeadEnd.RightBrace:
                    var brace = Punctuation(terminator);
                    statements.Add(new ConfigStatement(tokens, default, brace, $"{first}: missing ';' before '}}'"));
                    if (inBody) return statements.DrainToImmutable();
                    statements.Add(new ConfigStatement(default, default, brace, "unexpected '}'"));
                    break;
            }
        }
        return statements.DrainToImmutable();
    }

    private ConfigToken Punctuation(int start) =>
        text.Token(text.CharAt(start) switch { ';' => K.Semicolon, '{' => K.LeftBrace, _ => K.RightBrace }, start, 1);

    /// <summary>The offset after the <c>}</c> of the block whose body starts at <paramref name="body"/>, or -1 when it is never closed.</summary>
    private int EndOfBlock(int body) => blockEnds[Array.BinarySearch(bodyStarts, body)];

    /// <summary>
    /// Where every block's body starts and ends, in one pass that recognises statements by the grouping rules: braces of
    /// a record type, or after a missing <c>;</c>, count as they do when a body is grouped. No token's text is made.
    /// </summary>
    private static (int[] BodyStarts, int[] BlockEnds) IndexBlocks(Source text)
    {
        var starts = new List<int>();
        var ends = new List<int>();
        var open = new Stack<int>();
        var discard = default(NoTokens);
        int offset = 0;
        while (text.Measure(offset, out var kind, out int start, out int length))
        {
            offset = start + length;
            var end = kind switch
            {
                K.Semicolon => HeadEnd.Semicolon,
                K.LeftBrace => HeadEnd.Block,
                K.RightBrace => HeadEnd.RightBrace,
                _ => ScanHead(text, ref offset, ref discard, new HeadState(text, kind, start, length), out _),
            };
            if (end == HeadEnd.EndOfText) break;
            if (end == HeadEnd.Block)
            {
                open.Push(starts.Count);
                starts.Add(offset);
                ends.Add(-1);
            }
            else if (end == HeadEnd.RightBrace && open.Count > 0)
            {
                ends[open.Pop()] = offset;
            }
        }
        return (starts.ToArray(), ends.ToArray());
    }

    private enum HeadEnd { Semicolon, Block, RightBrace, EndOfText }

    /// <summary>What a head's last two tokens were: a <c>{</c> after <c>=</c> or <c>array of</c> opens a record type, not a block.</summary>
    private enum Recent : byte { Other, Equal, Array, Of }

    private struct HeadState(Source text, K kind, int start, int length)
    {
        private Recent last = Classify(text, kind, start, length), beforeLast;

        public readonly bool OpensRecordType => last == Recent.Equal || (last == Recent.Of && beforeLast == Recent.Array);

        public void Push(Source text, K kind, int start, int length)
        {
            beforeLast = last;
            last = Classify(text, kind, start, length);
        }

        private static Recent Classify(Source text, K kind, int start, int length)
        {
            if (kind == K.Equal) return Recent.Equal;
            if (kind != K.Word) return Recent.Other;
            return text.WordIs(start, length, "of") ? Recent.Of
                : text.WordIs(start, length, "array") ? Recent.Array
                : Recent.Other;
        }
    }

    /// <summary>
    /// Reads the rest of a head whose first token is already taken, up to the token that ends it: <c>;</c>, <c>{</c>
    /// (a block's, not a record type's) or <c>}</c>, whose offset is <paramref name="terminator"/>; the head's other
    /// tokens go to <paramref name="tokens"/>. <paramref name="offset"/> ends after the terminator.
    /// </summary>
    private static HeadEnd ScanHead<TTokens>(Source text, ref int offset, ref TTokens tokens, HeadState state, out int terminator)
        where TTokens : ITokenSink
    {
        K kind = default;
        int start = 0, length = 0;
        bool have = false;
        while (true)
        {
            if (!have && !Next(text, ref offset, out kind, out start, out length)) break;
            have = false;
            if (kind == K.LeftBrace && state.OpensRecordType)
            {
                // option NAME code N = { T, T }: the braces belong to the head, up to a '}' (taken) or a ';' or '{' (read next).
                tokens.Add(kind, start, length);
                state.Push(text, kind, start, length);
                while (true)
                {
                    if (!Next(text, ref offset, out kind, out start, out length))
                    {
                        terminator = -1;
                        return HeadEnd.EndOfText;
                    }
                    if (kind is K.Semicolon or K.LeftBrace)
                    {
                        have = true;
                        break;
                    }
                    tokens.Add(kind, start, length);
                    state.Push(text, kind, start, length);
                    if (kind == K.RightBrace) break;
                }
                continue;
            }
            switch (kind)
            {
                case K.Semicolon:
                    terminator = start;
                    return HeadEnd.Semicolon;
                case K.LeftBrace:
                    terminator = start;
                    return HeadEnd.Block;
                case K.RightBrace:
                    terminator = start;
                    return HeadEnd.RightBrace;
            }
            tokens.Add(kind, start, length);
            state.Push(text, kind, start, length);
        }
        terminator = -1;
        return HeadEnd.EndOfText;
    }

    private static bool Next(Source text, ref int offset, out K kind, out int start, out int length)
    {
        if (!text.Measure(offset, out kind, out start, out length)) return false;
        offset = start + length;
        return true;
    }

    /// <summary>Where a head's tokens go: kept for a level being grouped, dropped for a block being skipped.</summary>
    private interface ITokenSink
    {
        void Add(K kind, int start, int length);
    }

    private struct NoTokens : ITokenSink
    {
        public readonly void Add(K kind, int start, int length) { }
    }

    /// <summary>The tokens of the head being read, in a buffer reused from head to head.</summary>
    private struct TokenList(Source text) : ITokenSink
    {
        private ConfigToken[] items = new ConfigToken[8];
        private int count;

        public void Add(K kind, int start, int length)
        {
            if (count == items.Length) Array.Resize(ref items, items.Length * 2);
            items[count++] = text.Token(kind, start, length);
        }

        public void Clear() => count = 0;

        public readonly ConfigToken[] ToArray() => items.AsSpan(0, count).ToArray();
    }

    /// <summary>The file as the lexer reads it: its ASCII bytes, or its text; offsets are the same in either.</summary>
    private readonly struct Source(string? text, byte[]? ascii, ConfigWords words)
    {
        public bool Measure(int offset, out K kind, out int start, out int length) => ascii is null
            ? ConfigLexer.TryMeasure(text!, offset, out kind, out start, out length)
            : ConfigLexer.TryMeasure(ascii, offset, out kind, out start, out length);

        public ConfigToken Token(K kind, int start, int length) => ascii is null
            ? ConfigLexer.Materialize(text!, kind, start, length, words)
            : ConfigLexer.Materialize(ascii, kind, start, length, words);

        public char CharAt(int offset) => ascii is null ? text![offset] : (char)ascii[offset];

        /// <summary>True when the word at <paramref name="start"/> is <paramref name="word"/>, in any case (ISC's keywords are).</summary>
        public bool WordIs(int start, int length, string word) => ascii is null
            ? text.AsSpan(start, length).Equals(word, StringComparison.OrdinalIgnoreCase)
            : System.Text.Ascii.EqualsIgnoreCase(ascii.AsSpan(start, length), word);
    }
}
