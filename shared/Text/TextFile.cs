using System.Buffers;
using System.Text;

namespace IPoIBDhcp.Text;

/// <summary>
/// Reads a configuration file whole, as <see cref="File.ReadAllText(string)"/> does (UTF-8 unless a byte-order mark
/// says otherwise, undecodable bytes as U+FFFD), into a string of exactly its length and nothing else the size of the
/// file: ReadAllText goes through a StringBuilder of chunks, which for a 17 MB file of host stanzas allocated the text
/// three times over, and reading the bytes whole first left a 14 MB array for a full collection to find.
/// </summary>
public static class TextFile
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>The text of the file at <paramref name="path"/>.</summary>
    public static string Read(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        Span<byte> mark = stackalloc byte[3];
        int marked = file.ReadAtLeast(mark, mark.Length, throwOnEndOfStream: false);
        // A UTF-16 or UTF-32 mark (FE FF, FF FE): rare enough to leave to the reader that detects them.
        if (marked >= 2 && (mark[0], mark[1]) is (0xFE, 0xFF) or (0xFF, 0xFE)) return File.ReadAllText(path);
        long start = marked == 3 && mark.SequenceEqual((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        byte[] bytes = ArrayPool<byte>.Shared.Rent(ChunkSize);
        char[] scratch = ArrayPool<char>.Shared.Rent(ChunkSize + 8);
        try
        {
            // Two passes over the file (the second from the page cache): the length of the text, then the text into the
            // string itself. A file that changes between the two is read again the plain way.
            var pass = new Pass(file, start, bytes);
            pass.Decode(scratch, counting: true);
            int length = pass.Decoded;
            string text = string.Create(length, pass, static (into, p) => p.Decode(into, counting: false));
            return pass.Decoded == length && !pass.Overflowed ? text : File.ReadAllText(path);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(scratch);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>
    /// The file at <paramref name="path"/> as a <see cref="SourceText"/> named <paramref name="fileName"/>: held as its
    /// bytes when every one is ASCII (a generated dhcpd.conf of 100,000 hosts: 14 MB instead of 28 as a string, read
    /// without decoding), else as its text read by <see cref="Read"/>.
    /// </summary>
    public static SourceText ReadSource(string path, string fileName)
    {
        byte[] bytes = File.ReadAllBytes(path);
        return System.Text.Ascii.IsValid(bytes) ? new SourceText(fileName, bytes) : new SourceText(fileName, Read(path));
    }

    /// <summary>One pass of UTF-8 decoding over the file, chunk by chunk, with the decoder carrying sequences split between chunks.</summary>
    private sealed class Pass(FileStream file, long start, byte[] chunk)
    {
        /// <summary>Characters the file decoded to.</summary>
        public int Decoded { get; private set; }

        /// <summary>True when the text did not fit where it was written: the file grew since it was counted.</summary>
        public bool Overflowed { get; private set; }

        /// <summary>Decodes the file into <paramref name="into"/>: over and over from its start when counting, else one after the other.</summary>
        public void Decode(Span<char> into, bool counting)
        {
            file.Position = start;
            var decoder = Encoding.UTF8.GetDecoder();
            Decoded = 0;
            Overflowed = false;
            while (true)
            {
                int read = file.Read(chunk, 0, chunk.Length);
                bool last = read == 0;
                var destination = counting ? into : into[Decoded..];
                decoder.Convert(chunk.AsSpan(0, read), destination, last, out int used, out int chars, out bool completed);
                Decoded += chars;
                // A chunk decodes to at most its length plus a held-over sequence, which the counting buffer always
                // holds; a shortfall while writing means the file grew.
                if (used < read || (last && !completed))
                {
                    Overflowed = true;
                    return;
                }
                if (last) return;
            }
        }
    }
}
