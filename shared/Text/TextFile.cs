using System.Text;

namespace IPoIBDhcp.Text;

/// <summary>
/// Reads a configuration file whole, as <see cref="File.ReadAllText(string)"/> does (UTF-8 unless a byte-order mark
/// says otherwise, undecodable bytes as U+FFFD), in one pass: the bytes, then the string. ReadAllText goes through a
/// StringBuilder of chunks, which for a 17 MB file of host stanzas allocated the text three times over.
/// </summary>
public static class TextFile
{
    /// <summary>The text of the file at <paramref name="path"/>.</summary>
    public static string Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        ReadOnlySpan<byte> utf8Bom = [0xEF, 0xBB, 0xBF];
        if (bytes.AsSpan().StartsWith(utf8Bom)) return Encoding.UTF8.GetString(bytes.AsSpan(utf8Bom.Length));
        // A UTF-16 or UTF-32 mark (FE FF, FF FE): rare enough to leave to the reader that detects them.
        if (bytes.Length >= 2 && (bytes[0], bytes[1]) is (0xFE, 0xFF) or (0xFF, 0xFE)) return File.ReadAllText(path);
        return Encoding.UTF8.GetString(bytes);
    }
}
