using System.Buffers;

namespace IPoIBDhcp.Server.Leases.IscFile;

/// <summary>
/// Splits lease file bytes into tokens, skipping blanks and <c>#</c> comments. Hand-written over a
/// span because start-up replays millions of records; strings and comments
/// are skipped with vectorised searches.
/// </summary>
/// <remarks>
/// The byte-level form of the shared <see cref="IPoIBDhcp.Text.ConfigLexer"/>'s token kinds (<see cref="IscTokenKind"/>
/// maps onto <see cref="IPoIBDhcp.Text.ConfigTokenKind"/>: words, strings, unterminated strings, braces, <c>;</c>,
/// <c>=</c>), kept apart on purpose: the shared lexer works on a decoded string and builds a token object with its text
/// for every token, and on a file of 1,000,000 leases (385 MB, 44 million tokens) it took 85-116 s only to tokenize,
/// where this scanner and the reader together parse the file in 4-7 s (3-6 s in parallel). Its diagnostics still
/// share the one <see cref="IPoIBDhcp.Text.ConfigDiagnostic"/> and count columns as <see cref="IPoIBDhcp.Text.SourceText"/> does.
/// </remarks>
internal ref struct IscLeaseScanner
{
    private static readonly SearchValues<byte> WordEnd = SearchValues.Create(" \t\r\n\f\v{};=\"#"u8);

    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private int _line;

    /// <summary>Starts scanning at the beginning of <paramref name="data"/>, which is line <paramref name="firstLine"/> of its file.</summary>
    public IscLeaseScanner(ReadOnlySpan<byte> data, int firstLine = 1)
    {
        _data = data;
        _line = firstLine;
    }

    /// <summary>
    /// The top-level statements ISC's <c>lease_file_subparse</c> knows. One of them at the start of a line is where
    /// a reader resumes after damage: ISC writes every nested line indented, so a record never holds one there.
    /// </summary>
    private static readonly byte[][] RecordKeywords =
        ["lease"u8.ToArray(), "host"u8.ToArray(), "server-duid"u8.ToArray(), "authoring-byte-order"u8.ToArray(),
         "failover"u8.ToArray(), "group"u8.ToArray(), "class"u8.ToArray(), "subclass"u8.ToArray(),
         "lease-id-format"u8.ToArray(), "ia-na"u8.ToArray(), "ia-ta"u8.ToArray(), "ia-pd"u8.ToArray()];

    /// <summary>True at the end of input.</summary>
    public readonly bool AtEnd => _position >= _data.Length;

    /// <summary>True when <paramref name="offset"/> is the first byte of a line of <paramref name="data"/>.</summary>
    public static bool IsLineStart(ReadOnlySpan<byte> data, int offset) => offset == 0 || data[offset - 1] == (byte)'\n';

    /// <summary>True when a top-level statement keyword (<c>lease</c>, <c>host</c>, <c>server-duid</c>, …) starts
    /// at <paramref name="offset"/> as a whole word.</summary>
    public static bool StartsRecord(ReadOnlySpan<byte> data, int offset)
    {
        var rest = data[offset..];
        foreach (var keyword in RecordKeywords)
        {
            if (rest.StartsWith(keyword) && (rest.Length == keyword.Length || WordEnd.Contains(rest[keyword.Length])))
                return true;
        }
        return false;
    }

    /// <summary>Moves back so that <paramref name="token"/> (already read) is read again next.</summary>
    public void Rewind(IscToken token)
    {
        _position = token.Start;
        _line = token.Line;
    }

    /// <summary>Reads the next token; false only at end of input. A string that is never closed comes back as an
    /// <see cref="IscTokenKind.Unterminated"/> token that ends at the end of input, or before the line that starts
    /// the next record (a lone <c>"</c> must not swallow the records after it).</summary>
    public bool TryNext(out IscToken token)
    {
        SkipBlanksAndComments();
        token = default;
        if (_position >= _data.Length) return false;
        int start = _position;
        byte b = _data[start];
        switch (b)
        {
            case (byte)'{': _position++; token = new(IscTokenKind.OpenBrace, start, 1, _line); return true;
            case (byte)'}': _position++; token = new(IscTokenKind.CloseBrace, start, 1, _line); return true;
            case (byte)';': _position++; token = new(IscTokenKind.Semicolon, start, 1, _line); return true;
            case (byte)'=': _position++; token = new(IscTokenKind.EqualsSign, start, 1, _line); return true;
            case (byte)'"': return TryString(out token);
        }
        // Words are short (keywords, numbers, addresses): a bitmap test per byte beats a vectorised search.
        var data = _data;
        int end = start + 1;
        while (end < data.Length && !WordEnd.Contains(data[end])) end++;
        _position = end;
        token = new(IscTokenKind.Word, start, end - start, _line);
        return true;
    }

    private bool TryString(out IscToken token)
    {
        // A scalar loop: lease-file strings are short and dense with escapes (a uid is twenty "\ooo"), where a
        // vectorised search restarted after every backslash cost more than it saved.
        var data = _data;
        int line = _line;
        int contentStart = _position + 1;
        int i = contentStart;
        while (i < data.Length)
        {
            byte c = data[i];
            if (c == (byte)'"')
            {
                _position = i + 1;
                token = new(IscTokenKind.String, contentStart, i - contentStart, line);
                return true;
            }
            if (c == (byte)'\\')
            {
                // The next byte is escaped, even a quote or a newline (which still ends a line).
                if (i + 1 < data.Length && data[i + 1] == (byte)'\n') _line++;
                i += 2;
            }
            else if (c == (byte)'\n')
            {
                // ISC escapes every control byte in the strings it writes: a raw newline followed by a record is damage.
                if (i + 1 < data.Length && StartsRecord(data, i + 1))
                {
                    _position = i;
                    token = new(IscTokenKind.Unterminated, contentStart - 1, i - contentStart + 1, line);
                    return true;
                }
                _line++;
                i++;
            }
            else i++;
        }
        _position = data.Length;
        token = new(IscTokenKind.Unterminated, contentStart - 1, data.Length - contentStart + 1, line);
        return true;
    }

    private void SkipBlanksAndComments()
    {
        var data = _data;
        int i = _position;
        while (i < data.Length)
        {
            byte c = data[i];
            if (c == (byte)'\n') { _line++; i++; }
            else if (c is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\f' or (byte)'\v') i++;
            else if (c == (byte)'#')
            {
                int rel = data[i..].IndexOf((byte)'\n');
                i = rel < 0 ? data.Length : i + rel;
            }
            else break;
        }
        _position = i;
    }
}
