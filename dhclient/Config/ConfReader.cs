using System.Collections.Immutable;
using System.Globalization;
using IPoIBDhcp.Wire;
using K = IPoIBDhcp.Text.ConfigTokenKind;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Client.Config;

/// <summary>
/// A cursor over the tokens of one file that turns every mismatch into a positioned <see cref="ConfError"/>
/// and recovers at the end of the statement, so one run reports every mistake.
/// </summary>
internal sealed class ConfReader
{
    private readonly ImmutableArray<ConfigToken> tokens;
    private readonly int[] lineStarts;
    private int index;

    public ConfReader(string fileName, string text)
    {
        FileName = fileName;
        Text = text;
        tokens = ConfigLexer.Tokenize(text);
        var starts = new List<int> { 0 };
        for (int i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1)) starts.Add(i + 1);
        lineStarts = [.. starts];
    }

    public string FileName { get; }

    public string Text { get; }

    public List<ConfError> Errors { get; } = [];

    public bool AtEnd => index >= tokens.Length;

    /// <summary>The next token, or a synthetic end-of-file token placed after the last one.</summary>
    public ConfigToken Peek => index < tokens.Length ? tokens[index] : EndToken;

    private ConfigToken EndToken => new(K.Semicolon, "end of file", Text.Length, 0);

    public ConfigToken Next()
    {
        var t = Peek;
        if (index < tokens.Length) index++;
        return t;
    }

    /// <summary>Records an error at <paramref name="at"/> and throws to unwind to the statement loop.</summary>
    public ConfParseAbort Fail(ConfigToken at, string message)
    {
        var (line, col) = PositionOf(at.Offset);
        Errors.Add(new ConfError(FileName, line, col, message));
        return new ConfParseAbort();
    }

    public (int Line, int Column) PositionOf(int offset)
    {
        int line = Array.BinarySearch(lineStarts, offset);
        if (line < 0) line = ~line - 1;
        return (line + 1, offset - lineStarts[line] + 1);
    }

    private string Found(ConfigToken t) => t.Offset >= Text.Length ? "end of file" : t.Describe();

    public ConfigToken Expect(K kind, string what)
    {
        var t = Peek;
        if (t.Kind != kind || t.Offset >= Text.Length) throw Fail(t, $"expected {what}, found {Found(t)}");
        return Next();
    }

    public void ExpectSemicolon(string statement)
    {
        var t = Peek;
        if (t.Kind != K.Semicolon || t.Offset >= Text.Length) throw Fail(t, $"expected ';' after {statement}, found {Found(t)}");
        Next();
    }

    public ConfigToken ExpectWord(string what) => Expect(K.Word, what);

    public ConfigToken ExpectKeyword(string keyword)
    {
        var t = Peek;
        if (!t.Is(keyword)) throw Fail(t, $"expected '{keyword}', found {Found(t)}");
        return Next();
    }

    public string ExpectString(string what)
    {
        var t = Peek;
        if (t.Kind == K.UnterminatedString) throw Fail(t, "string is never closed by '\"'");
        Expect(K.String, what);
        return t.Text[1..^1];
    }

    public uint ExpectNumber(string what)
    {
        var t = Peek;
        if (t.Kind != K.Word || !uint.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out uint n))
            throw Fail(t, $"expected {what}, found {Found(t)}");
        Next();
        return n;
    }

    public IPv4Address ExpectAddress(string what)
    {
        var t = Peek;
        if (t.Kind != K.Word || !IPv4Address.TryParse(t.Text, out var a))
            throw Fail(t, $"expected {what}, found {Found(t)}");
        Next();
        return a;
    }

    /// <summary>
    /// The source text from the next token up to (not including) the next <c>;</c>, consuming the <c>;</c>.
    /// Option values are handed to the option codec as written.
    /// </summary>
    public (string Text, ConfigToken First) RawValueUntilSemicolon(string statement)
    {
        var first = Peek;
        if (first.Kind is K.Semicolon or K.LeftBrace or K.RightBrace || first.Offset >= Text.Length)
            throw Fail(first, $"expected a value in {statement}, found {Found(first)}");
        var last = first;
        while (!AtEnd && Peek.Kind is not (K.Semicolon or K.LeftBrace or K.RightBrace))
        {
            if (Peek.Kind == K.UnterminatedString) throw Fail(Peek, "string is never closed by '\"'");
            if (Peek.Kind == K.Invalid) throw Fail(Peek, $"unexpected character {Peek.Describe()}");
            last = Next();
        }
        ExpectSemicolon(statement);
        return (Text[first.Offset..(last.Offset + last.Length)], first);
    }

    /// <summary>
    /// After an error: skips to just past the end of the statement at the cursor (its <c>;</c> or its
    /// closing <c>}</c>), but never past a <c>}</c> that closes the enclosing block.
    /// </summary>
    public void Recover()
    {
        int depth = 0;
        while (!AtEnd)
        {
            var t = Peek;
            if (t.Kind == K.LeftBrace) depth++;
            else if (t.Kind == K.RightBrace)
            {
                if (depth == 0) return;
                if (--depth == 0)
                {
                    Next();
                    return;
                }
            }
            else if (t.Kind == K.Semicolon && depth == 0)
            {
                Next();
                return;
            }
            Next();
        }
    }

    /// <summary>Runs <paramref name="statement"/>, recovering at the statement's end if it fails.</summary>
    public void Guard(Action statement)
    {
        try
        {
            statement();
        }
        catch (ConfParseAbort)
        {
            Recover();
        }
    }

    /// <summary>Parses <c>{ statement* }</c>, each statement via <paramref name="statement"/>.</summary>
    public void Block(string what, Action statement)
    {
        var open = Expect(K.LeftBrace, $"'{{' after {what}");
        while (true)
        {
            if (AtEnd) throw Fail(open, $"'{{' of {what} is never closed by '}}'");
            if (Peek.Kind == K.RightBrace)
            {
                Next();
                return;
            }
            Guard(statement);
        }
    }
}
