namespace IPoIBDhcp.Text;

/// <summary>
/// One string per distinct short word of the files a reader lexes: keywords, option names and shared values recur on
/// every host of a large dhcpd.conf, and each occurrence would otherwise be a string of its own. Bounded: past its
/// limit a word is allocated as it comes, so a file of a million distinct names costs no more than it would without it.
/// Not thread-safe: one reader owns it.
/// </summary>
public sealed class ConfigWords
{
    private const int MaxEntries = 8192, MaxLength = 32;
    private readonly Dictionary<string, string> strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> lookup;

    /// <summary>An empty table.</summary>
    public ConfigWords() => lookup = strings.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The shared string equal to the ASCII <paramref name="word"/> (a new one for a long or late word).</summary>
    public string Get(ReadOnlySpan<byte> word)
    {
        if (word.Length > MaxLength) return System.Text.Encoding.ASCII.GetString(word);
        Span<char> chars = stackalloc char[word.Length];
        System.Text.Ascii.ToUtf16(word, chars, out _);
        return Get(chars);
    }

    /// <summary>The shared string equal to <paramref name="word"/> (a new one for a long or late word).</summary>
    public string Get(ReadOnlySpan<char> word)
    {
        if (word.Length > MaxLength) return word.ToString();
        if (lookup.TryGetValue(word, out var known)) return known;
        var s = word.ToString();
        if (strings.Count < MaxEntries) strings.Add(s, s);
        return s;
    }
}
