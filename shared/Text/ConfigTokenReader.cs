using System.Collections.Immutable;
using System.Globalization;
using IPoIBDhcp.Wire;
using K = IPoIBDhcp.Text.ConfigTokenKind;

namespace IPoIBDhcp.Text;

/// <summary>
/// A cursor over the <see cref="ConfigLexer"/> tokens of one file that turns every mismatch into a positioned
/// <see cref="ConfigDiagnostic"/> and recovers at the end of the statement, so one run reports every mistake.
/// dhclient.conf and dhclient.leases (whose <c>lease { }</c> blocks are one grammar) are read through it.
/// </summary>
public sealed class ConfigTokenReader
{
    private readonly ImmutableArray<ConfigToken> tokens;
    private readonly SourceText source;
    private int index;

    /// <summary>Reads <paramref name="text"/> from <paramref name="fileName"/>, whose first line is line <paramref name="firstLine"/> of the file.</summary>
    public ConfigTokenReader(string fileName, string text, int firstLine = 1)
    {
        source = new SourceText(fileName, text, firstLine);
        tokens = ConfigLexer.Tokenize(text);
    }

    /// <summary>The name used in diagnostics.</summary>
    public string FileName => source.FileName;

    /// <summary>The whole text.</summary>
    public string Text => source.Text;

    /// <summary>Every error recorded so far, in the order found.</summary>
    public List<ConfigDiagnostic> Errors { get; } = [];

    /// <summary>True when every token has been read.</summary>
    public bool AtEnd => index >= tokens.Length;

    /// <summary>The next token, or a synthetic end-of-file token placed after the last one.</summary>
    public ConfigToken Peek => index < tokens.Length ? tokens[index] : EndToken;

    private ConfigToken EndToken => new(K.Semicolon, "end of file", Text.Length, 0);

    /// <summary>Reads the next token (the end-of-file token stays).</summary>
    public ConfigToken Next()
    {
        var t = Peek;
        if (index < tokens.Length) index++;
        return t;
    }

    /// <summary>
    /// Records an error at <paramref name="at"/> and returns the exception to throw (<c>throw reader.Fail(…)</c>) that
    /// unwinds to the statement loop's <see cref="Guard"/>.
    /// </summary>
    public Exception Fail(ConfigToken at, string message)
    {
        Errors.Add(source.Diagnostic(at.Offset, message));
        return new StatementAbort();
    }

    /// <summary>The line and column of character <paramref name="offset"/>, numbered as the file's.</summary>
    public SourcePosition PositionOf(int offset) => source.PositionOf(offset);

    private string Found(ConfigToken t) => t.Offset >= Text.Length ? "end of file" : t.Describe();

    /// <summary>Reads a token of <paramref name="kind"/>, or fails naming <paramref name="what"/> was expected.</summary>
    public ConfigToken Expect(K kind, string what)
    {
        var t = Peek;
        if (t.Kind != kind || t.Offset >= Text.Length) throw Fail(t, $"expected {what}, found {Found(t)}");
        return Next();
    }

    /// <summary>Reads the <c>;</c> that ends <paramref name="statement"/>.</summary>
    public void ExpectSemicolon(string statement)
    {
        var t = Peek;
        if (t.Kind != K.Semicolon || t.Offset >= Text.Length) throw Fail(t, $"expected ';' after {statement}, found {Found(t)}");
        Next();
    }

    /// <summary>Reads a word (a name, number or address).</summary>
    public ConfigToken ExpectWord(string what) => Expect(K.Word, what);

    /// <summary>Reads the word <paramref name="keyword"/>.</summary>
    public ConfigToken ExpectKeyword(string keyword)
    {
        var t = Peek;
        if (!t.Is(keyword)) throw Fail(t, $"expected '{keyword}', found {Found(t)}");
        return Next();
    }

    /// <summary>Reads a quoted string; its text without the quotes, escapes as written.</summary>
    public string ExpectString(string what)
    {
        var t = Peek;
        if (t.Kind == K.UnterminatedString) throw Fail(t, "string is never closed by '\"'");
        Expect(K.String, what);
        return t.Text[1..^1];
    }

    /// <summary>Reads a decimal number from 0 to 2^32-1.</summary>
    public uint ExpectNumber(string what)
    {
        var t = Peek;
        if (t.Kind != K.Word || !uint.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out uint n))
            throw Fail(t, $"expected {what}, found {Found(t)}");
        Next();
        return n;
    }

    /// <summary>Reads a dotted-quad IPv4 address.</summary>
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
        catch (StatementAbort)
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
