using System.Collections.Immutable;
using K = IPoIBDhcp.Text.ConfigTokenKind;

namespace IPoIBDhcp.Text;

/// <summary>
/// Groups a whole token list into <see cref="ConfigStatement"/>s at once. dhcpd now reads with
/// <see cref="LazyStatementParser"/>, a level at a time; this grouping stays as the reference the property tests and the
/// dhcpd-conf fuzz target hold that one to. Total: every input yields statements, with
/// structural mistakes recorded on the statement where they happened, so one missing <c>;</c> or an extra
/// <c>}</c> costs one message, not the rest of the file.
/// </summary>
/// <remarks>
/// A single loop with an explicit stack of open blocks, not a recursive grammar: ISC dhcpd accepts 20,000 nested
/// <c>group</c> blocks, and a file of 100,000 <c>{</c> must give an error, not exhaust the thread's stack.
/// Memory grows with the depth; the call stack does not.
/// </remarks>
public static class StatementStructureParser
{
    /// <summary>A block whose <c>{</c> has been read and whose <c>}</c> has not.</summary>
    private sealed class OpenBlock(ReadOnlyMemory<ConfigToken> head, ConfigToken open, ImmutableArray<ConfigStatement>.Builder outer)
    {
        public ReadOnlyMemory<ConfigToken> Head { get; } = head;
        public ConfigToken Open { get; } = open;
        public ImmutableArray<ConfigStatement>.Builder Outer { get; } = outer;
        public ImmutableArray<ConfigStatement>.Builder Body { get; } = ImmutableArray.CreateBuilder<ConfigStatement>();
    }

    /// <summary>The top-level statements of a token list.</summary>
    public static ImmutableArray<ConfigStatement> Parse(ImmutableArray<ConfigToken> tokens) =>
        Parse(tokens.AsMemory());

    /// <summary>
    /// The top-level statements of a token list; each statement's head is a window on <paramref name="memory"/>, not a
    /// copy (a 100,000-host file has 300,000 statements), so the caller must not change the tokens afterwards.
    /// </summary>
    public static ImmutableArray<ConfigStatement> Parse(ReadOnlyMemory<ConfigToken> memory)
    {
        var file = ImmutableArray.CreateBuilder<ConfigStatement>();
        var tokens = memory.Span;
        var open = new Stack<OpenBlock>();
        var current = file;
        int i = 0;
        while (i < tokens.Length)
        {
            var t = tokens[i];
            switch (t.Kind)
            {
                case K.Semicolon:
                    current.Add(new ConfigStatement(default, default, t, "unexpected ';'"));
                    i++;
                    break;
                case K.LeftBrace:
                    open.Push(new OpenBlock(default, t, current));
                    current = open.Peek().Body;
                    i++;
                    break;
                case K.RightBrace when open.Count == 0:
                    current.Add(new ConfigStatement(default, default, t, "unexpected '}'"));
                    i++;
                    break;
                case K.RightBrace:
                    current = Close(open.Pop(), closed: true);
                    i++;
                    break;
                default:
                    int end = i;
                    while (true)
                    {
                        while (end < tokens.Length && tokens[end].Kind is not (K.LeftBrace or K.RightBrace or K.Semicolon)) end++;
                        if (end >= tokens.Length || !OpensRecordType(tokens, i, end)) break;
                        // A record type (option NAME code N = { T, T }): its braces belong to the head.
                        end++;
                        while (end < tokens.Length && tokens[end].Kind is not (K.RightBrace or K.Semicolon or K.LeftBrace)) end++;
                        if (end < tokens.Length && tokens[end].Kind == K.RightBrace) end++;
                    }
                    var head = memory.Slice(i, end - i);
                    if (end == tokens.Length)
                    {
                        current.Add(new ConfigStatement(head, default, new ConfigToken(K.Semicolon, "", head.Span[^1].Offset), $"{head.Span[0].Text}: missing ';' at end of file"));
                        i = end;
                    }
                    else if (tokens[end].Kind == K.Semicolon)
                    {
                        current.Add(new ConfigStatement(head, default, tokens[end]));
                        i = end + 1;
                    }
                    else if (tokens[end].Kind == K.LeftBrace)
                    {
                        open.Push(new OpenBlock(head, tokens[end], current));
                        current = open.Peek().Body;
                        i = end + 1;
                    }
                    else
                    {
                        // The '}' closes the enclosing block (or is stray at file level); it is read next.
                        current.Add(new ConfigStatement(head, default, tokens[end], $"{head.Span[0].Text}: missing ';' before '}}'"));
                        i = end;
                    }
                    break;
            }
        }
        while (open.Count > 0) current = Close(open.Pop(), closed: false);
        return file.ToImmutable();
    }

    /// <summary>
    /// True when the <c>{</c> at <paramref name="brace"/> starts an option record type rather than a block: it follows
    /// <c>=</c> or <c>array of</c> in a head that began at <paramref name="start"/>. No block ever follows either.
    /// </summary>
    private static bool OpensRecordType(ReadOnlySpan<ConfigToken> tokens, int start, int brace)
    {
        if (tokens[brace].Kind != K.LeftBrace || brace == start) return false;
        var before = tokens[brace - 1];
        return before.Kind == K.Equal
            || (before.Is("of") && brace - 2 >= start && tokens[brace - 2].Is("array"));
    }

    /// <summary>Ends <paramref name="block"/>, adds its statement to the enclosing body and returns that body.</summary>
    private static ImmutableArray<ConfigStatement>.Builder Close(OpenBlock block, bool closed)
    {
        string? error = !closed
            ? block.Head.IsEmpty ? "'{' is never closed by '}'" : $"{block.Head.Span[0].Text}: '{{' is never closed by '}}'"
            : block.Head.IsEmpty ? "'{' without a statement before it" : null;
        block.Outer.Add(new ConfigStatement(block.Head, block.Body.ToImmutable(), block.Open, error));
        return block.Outer;
    }
}
