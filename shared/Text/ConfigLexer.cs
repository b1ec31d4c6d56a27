using System.Numerics;
using System.Text;
using System.Collections.Immutable;
using K = IPoIBDhcp.Text.ConfigTokenKind;

namespace IPoIBDhcp.Text;

/// <summary>
/// Splits ISC configuration text into tokens. It never fails: a stray character or an unterminated string
/// becomes a token of its own, so the statement parser can report it at its position and go on.
/// Comments (<c>#</c> to end of line) and white space are dropped here.
/// </summary>
/// <remarks>
/// One pass over the characters with a plain loop, not a combinator per character: a dhcpd.conf of 100,000 hosts
/// is 1.1 million tokens, and the lexer is the only code that touches every character. Pidgin stays the grammar
/// over the tokens. Words that recur (keywords, option names, shared values) share one string per file, so a
/// large file costs one string per distinct word rather than one per occurrence.
/// </remarks>
public static class ConfigLexer
{
    /// <summary>Word characters: names, numbers, dotted quads and colon-hex all lex as one word, as ISC's NUMBER_OR_NAME.</summary>
    public static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '/' or '+';

    /// <summary>All tokens of <paramref name="text"/>, in order.</summary>
    public static ImmutableArray<ConfigToken> Tokenize(string text) => [.. TokenizeInPlace(text).Span];

    // The tokens in the array they were lexed into, which Tokenize copies to their exact count. dhcpd.conf, whose large
    // files made a window on this array worth having, is now grouped a level at a time (LazyStatementParser) instead.
    private static ReadOnlyMemory<ConfigToken> TokenizeInPlace(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // About one token per 12 characters in real files; the array grows if the guess is short.
        var tokens = new ConfigToken[Math.Max(16, text.Length / 12)];
        int count = 0;
        var words = new ConfigWords();
        int offset = SkipBlank(text, 0);
        while (offset < text.Length)
        {
            var token = Read(text, offset, words);
            if (count == tokens.Length) Array.Resize(ref tokens, tokens.Length * 2);
            tokens[count++] = token;
            offset = SkipBlank(text, offset + token.Length);
        }
        return tokens.AsMemory(0, count);
    }

    /// <summary>
    /// The first token at or after <paramref name="offset"/> (white space and comments skipped), or null at the end:
    /// for a reader that decides where the next token starts itself, such as fabric.conf's, whose quoted strings end
    /// at the first <c>"</c> (no escapes) where this lexer's would read on.
    /// </summary>
    public static ConfigToken? NextToken(string text, int offset)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, text.Length);
        int start = SkipBlank(text, offset);
        return start < text.Length ? Read(text, start, null) : null;
    }

    /// <summary>
    /// The class and extent of the first token at or after <paramref name="offset"/> (white space and comments skipped),
    /// or false at the end, without making its text: for a reader that groups statements as it lexes
    /// (<see cref="LazyStatementParser"/>) and skips blocks it may never read.
    /// </summary>
    public static bool TryMeasure(string text, int offset, out ConfigTokenKind kind, out int start, out int length) =>
        TryMeasure(text.AsSpan(), offset, out kind, out start, out length);

    /// <summary>
    /// <see cref="TryMeasure(string, int, out ConfigTokenKind, out int, out int)"/> over a file's bytes when every one
    /// of them is ASCII: the same tokens at the same offsets as in its text, from half the memory.
    /// </summary>
    public static bool TryMeasure(ReadOnlySpan<byte> ascii, int offset, out ConfigTokenKind kind, out int start, out int length) =>
        TryMeasure<byte>(ascii, offset, out kind, out start, out length);

    private static bool TryMeasure<T>(ReadOnlySpan<T> text, int offset, out ConfigTokenKind kind, out int start, out int length)
        where T : unmanaged, IBinaryInteger<T>
    {
        start = SkipBlank(text, offset);
        if (start >= text.Length)
        {
            kind = default;
            length = 0;
            return false;
        }
        char c = CharOf(text[start]);
        if (IsWordChar(c))
        {
            int end = start + 1;
            while (end < text.Length && IsWordChar(CharOf(text[end]))) end++;
            kind = K.Word;
            length = end - start;
            return true;
        }
        if (c == '"')
        {
            length = StringLength(text, start, out bool terminated);
            kind = terminated ? K.String : K.UnterminatedString;
            return true;
        }
        char next = start + 1 < text.Length ? CharOf(text[start + 1]) : '\0';
        (kind, length) = c switch
        {
            '{' => (K.LeftBrace, 1),
            '}' => (K.RightBrace, 1),
            ';' => (K.Semicolon, 1),
            ',' => (K.Comma, 1),
            '(' => (K.LeftParen, 1),
            ')' => (K.RightParen, 1),
            '=' => (K.Equal, 1),
            '!' when next == '=' => (K.NotEqual, 2),
            '~' when next == '=' => (K.RegexMatch, 2),
            '~' when next == '~' => (K.RegexMatchIgnoringCase, 2),
            '*' or '%' or '&' or '|' or '^' => (K.Operator, 1),
            _ => (K.Invalid, 1),
        };
        return true;
    }

    private static char CharOf<T>(T unit) where T : unmanaged, IBinaryInteger<T> => (char)ushort.CreateTruncating(unit);

    /// <summary>
    /// The token <see cref="TryMeasure(string, int, out ConfigTokenKind, out int, out int)"/> found at
    /// <paramref name="start"/>, with its text: words recur through <paramref name="words"/>, punctuation is shared, a
    /// string keeps its quotes.
    /// </summary>
    /// <remarks>Without <paramref name="words"/>, each word gets a string of its own.</remarks>
    public static ConfigToken Materialize(string text, ConfigTokenKind kind, int start, int length, ConfigWords? words) => kind switch
    {
        K.Word => new ConfigToken(K.Word, words is null ? text.Substring(start, length) : words.Get(text.AsSpan(start, length)), start, length),
        K.String or K.UnterminatedString => new ConfigToken(kind, text.Substring(start, length), start, length),
        K.Invalid => new ConfigToken(K.Invalid, text[start].ToString(), start, 1),
        _ => Punct(kind, PunctuationText(kind, text[start]), start),
    };

    /// <summary>The token <see cref="TryMeasure(ReadOnlySpan{byte}, int, out ConfigTokenKind, out int, out int)"/> found, with its text, as from the file's text.</summary>
    public static ConfigToken Materialize(ReadOnlySpan<byte> ascii, ConfigTokenKind kind, int start, int length, ConfigWords words)
    {
        var bytes = ascii.Slice(start, length);
        return kind switch
        {
            K.Word => new ConfigToken(K.Word, words.Get(bytes), start, length),
            K.String or K.UnterminatedString => new ConfigToken(kind, Encoding.ASCII.GetString(bytes), start, length),
            K.Invalid => new ConfigToken(K.Invalid, ((char)bytes[0]).ToString(), start, 1),
            _ => Punct(kind, PunctuationText(kind, (char)bytes[0]), start),
        };
    }

    /// <summary>The shared text of a punctuation token whose first character is <paramref name="first"/>.</summary>
    private static string PunctuationText(ConfigTokenKind kind, char first) => kind switch
    {
        K.LeftBrace => "{",
        K.RightBrace => "}",
        K.Semicolon => ";",
        K.Comma => ",",
        K.LeftParen => "(",
        K.RightParen => ")",
        K.Equal => "=",
        K.NotEqual => "!=",
        K.RegexMatch => "~=",
        K.RegexMatchIgnoringCase => "~~",
        _ => first switch { '*' => "*", '%' => "%", '&' => "&", '|' => "|", _ => "^" },
    };

    /// <summary>The offset of the first character at or after <paramref name="offset"/> that is neither white space nor in a comment.</summary>
    private static int SkipBlank(string text, int offset) => SkipBlank(text.AsSpan(), offset);

    private static int SkipBlank<T>(ReadOnlySpan<T> text, int offset) where T : unmanaged, IBinaryInteger<T>
    {
        while (offset < text.Length)
        {
            char c = CharOf(text[offset]);
            if (c == '#')
            {
                int newline = text[offset..].IndexOf(T.CreateTruncating('\n'));
                if (newline < 0) return text.Length;
                offset += newline;
            }
            else if (char.IsWhiteSpace(c)) offset++;
            else break;
        }
        return offset;
    }

    /// <summary>The token that starts at <paramref name="offset"/>, which is not blank: measured, then given its text.</summary>
    private static ConfigToken Read(string text, int offset, ConfigWords? words)
    {
        TryMeasure(text, offset, out var kind, out int start, out int length);
        return Materialize(text, kind, start, length, words);
    }

    private static ConfigToken Punct(K kind, string text, int offset) => new(kind, text, offset, text.Length);

    /// <summary>
    /// The characters of the quoted string at <paramref name="offset"/>, quotes and escapes included: a backslash takes
    /// the character after it (so <c>\"</c> does not end the string); to the end of the text when it is not terminated.
    /// </summary>
    private static int StringLength<T>(ReadOnlySpan<T> text, int offset, out bool terminated) where T : unmanaged, IBinaryInteger<T>
    {
        T quote = T.CreateTruncating('"'), backslash = T.CreateTruncating('\\');
        int end = offset + 1;
        while (end < text.Length)
        {
            int stop = text[end..].IndexOfAny(quote, backslash);
            if (stop < 0) break;
            end += stop;
            if (text[end] == quote)
            {
                terminated = true;
                return end + 1 - offset;
            }
            end = Math.Min(end + 2, text.Length);
        }
        terminated = false;
        return text.Length - offset;
    }
}
