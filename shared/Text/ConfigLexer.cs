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

    /// <summary>
    /// All tokens of <paramref name="text"/>, in order, as a window on the array they were lexed into: for a large file
    /// that array is tens of megabytes, and <see cref="Tokenize"/>'s exact-size copy of it doubles the peak.
    /// </summary>
    public static ReadOnlyMemory<ConfigToken> TokenizeInPlace(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // About one token per 12 characters in real files; the array grows if the guess is short.
        var tokens = new ConfigToken[Math.Max(16, text.Length / 12)];
        int count = 0;
        var words = new WordTable();
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

    /// <summary>The offset of the first character at or after <paramref name="offset"/> that is neither white space nor in a comment.</summary>
    private static int SkipBlank(string text, int offset)
    {
        while (offset < text.Length)
        {
            char c = text[offset];
            if (c == '#')
            {
                int newline = text.IndexOf('\n', offset);
                if (newline < 0) return text.Length;
                offset = newline;
            }
            else if (char.IsWhiteSpace(c)) offset++;
            else break;
        }
        return offset;
    }

    /// <summary>The token that starts at <paramref name="offset"/>, which is not blank.</summary>
    private static ConfigToken Read(string text, int offset, WordTable? words)
    {
        char c = text[offset];
        if (IsWordChar(c))
        {
            int end = offset + 1;
            while (end < text.Length && IsWordChar(text[end])) end++;
            var span = text.AsSpan(offset, end - offset);
            return new ConfigToken(K.Word, words is null ? span.ToString() : words.Get(span), offset, span.Length);
        }
        if (c == '"') return ReadString(text, offset);
        char next = offset + 1 < text.Length ? text[offset + 1] : '\0';
        return c switch
        {
            '{' => Punct(K.LeftBrace, "{", offset),
            '}' => Punct(K.RightBrace, "}", offset),
            ';' => Punct(K.Semicolon, ";", offset),
            ',' => Punct(K.Comma, ",", offset),
            '(' => Punct(K.LeftParen, "(", offset),
            ')' => Punct(K.RightParen, ")", offset),
            '=' => Punct(K.Equal, "=", offset),
            '!' when next == '=' => Punct(K.NotEqual, "!=", offset),
            '~' when next == '=' => Punct(K.RegexMatch, "~=", offset),
            '~' when next == '~' => Punct(K.RegexMatchIgnoringCase, "~~", offset),
            '*' => Punct(K.Operator, "*", offset),
            '%' => Punct(K.Operator, "%", offset),
            '&' => Punct(K.Operator, "&", offset),
            '|' => Punct(K.Operator, "|", offset),
            '^' => Punct(K.Operator, "^", offset),
            _ => new ConfigToken(K.Invalid, c.ToString(), offset, 1),
        };
    }

    private static ConfigToken Punct(K kind, string text, int offset) => new(kind, text, offset, text.Length);

    /// <summary>
    /// A quoted string from the <c>"</c> at <paramref name="offset"/>: a backslash takes the character after it
    /// (so <c>\"</c> does not end the string); the text keeps quotes and escapes as written.
    /// </summary>
    private static ConfigToken ReadString(string text, int offset)
    {
        int end = offset + 1;
        while (end < text.Length)
        {
            int stop = text.AsSpan(end).IndexOfAny('"', '\\');
            if (stop < 0) { end = text.Length; break; }
            end += stop;
            if (text[end] == '"')
                return new ConfigToken(K.String, text.Substring(offset, end + 1 - offset), offset, end + 1 - offset);
            end = Math.Min(end + 2, text.Length);
        }
        return new ConfigToken(K.UnterminatedString, text[offset..end], offset, end - offset);
    }

    /// <summary>
    /// One string per distinct short word of a file. Bounded: past its limit a word is allocated as it comes, so a
    /// file of a million distinct names costs no more than it would without the table.
    /// </summary>
    private sealed class WordTable
    {
        private const int MaxEntries = 8192, MaxLength = 32;
        private readonly Dictionary<string, string> strings = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> lookup;

        public WordTable() => lookup = strings.GetAlternateLookup<ReadOnlySpan<char>>();

        public string Get(ReadOnlySpan<char> word)
        {
            if (word.Length > MaxLength) return word.ToString();
            if (lookup.TryGetValue(word, out var known)) return known;
            var s = word.ToString();
            if (strings.Count < MaxEntries) strings.Add(s, s);
            return s;
        }
    }
}
