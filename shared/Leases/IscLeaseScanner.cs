using System.Buffers;

namespace IPoIBDhcp.Leases;

/// <summary>
/// Splits lease file bytes into tokens, skipping blanks and <c>#</c> comments. Hand-written over a
/// span because start-up replays millions of records; strings and comments
/// are skipped with vectorised searches.
/// </summary>
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

    /// <summary>Reads the next token; false at end of input or inside an unterminated string
    /// (both mean the current statement cannot be completed).</summary>
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
            if (c == (byte)'\\') i += 2; // the next byte is escaped, even a quote
            else
            {
                if (c == (byte)'\n') _line++;
                i++;
            }
        }
        _position = data.Length;
        token = default;
        return false;
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
