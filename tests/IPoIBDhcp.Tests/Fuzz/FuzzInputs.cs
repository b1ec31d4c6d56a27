using System.Text;
using CsCheck;
using IPoIBDhcp.Fuzz;

namespace IPoIBDhcp.Tests.Fuzz;

/// <summary>
/// Input generators for the reader properties: random bytes, and the golden fixtures damaged the ways files and
/// packets really are (truncated, bytes flipped, two inputs spliced, slices duplicated or dropped, syntax
/// tokens and nested braces inserted).
/// </summary>
internal static class FuzzInputs
{
    /// <summary>Deepest nesting the mutations insert. Deeper nesting is the stack-depth class (fuzz/pending).</summary>
    public const int MaxInsertedDepth = 48;

    private static readonly byte[][] Tokens =
    [
        .. new[]
        {
            "{", "}", ";", "\"", "\\", "#", "\n", "\r\n", "\0", ",", ":", "=", "(", ")", "0x", "-1", "0",
            "4294967296", "99999999999999999999", "ALL=full", "ipoib", "lease", "host", "subnet", "if", "else",
            "option", "include \"x\";", "\\377", "\\x", "ff:", "never", "epoch", "2026/13/45 25:61:61",
            "\"\\", "{ }", "}{", "nodes", "count 1048577", "guid-base", "%d", "%999999d", "\u00e9", "\uffff",
        }.Select(Encoding.UTF8.GetBytes),
        [0xff], [0xc3], [0xed, 0xa0, 0x80],
    ];

    /// <summary>Random bytes up to <paramref name="maxLength"/>.</summary>
    public static Gen<byte[]> Random(int maxLength) => Gen.Byte.Array[0, maxLength];

    /// <summary>One of <paramref name="seeds"/> with one to four mutations applied.</summary>
    public static Gen<byte[]> Mutated(IReadOnlyList<byte[]> seeds)
    {
        if (seeds.Count == 0) throw new ArgumentException("no seeds", nameof(seeds));
        var mutation = Gen.Select(Gen.Int[0, 10], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.Int[0, seeds.Count - 1],
            (kind, a, b, other) => new Mutation(kind, a, b, other));
        return Gen.Select(Gen.Int[0, seeds.Count - 1], mutation.Array[1, 4], (seed, mutations) =>
        {
            byte[] data = seeds[seed];
            foreach (var m in mutations) data = m.Apply(data, seeds);
            return data;
        });
    }

    /// <summary>Half random bytes, half mutated seeds.</summary>
    public static Gen<byte[]> Mixed(IReadOnlyList<byte[]> seeds, int maxRandomLength) =>
        Gen.OneOf(Random(maxRandomLength), Mutated(seeds), Mutated(seeds));

    /// <summary>Base64 of a failing input, to paste into a file under fuzz/regressions.</summary>
    public static string Print(byte[] input) => $"{input.Length} bytes, base64 {Convert.ToBase64String(input)}";

    private readonly record struct Mutation(int Kind, int A, int B, int Other)
    {
        public byte[] Apply(byte[] data, IReadOnlyList<byte[]> seeds)
        {
            int at = data.Length == 0 ? 0 : A % (data.Length + 1);
            int span = B % 64;
            switch (Kind)
            {
                case 0: // truncation (a torn write, a short read)
                    return data[..at];
                case 1 when data.Length > 0: // byte replaced
                    return With(data, A % data.Length, (byte)B);
                case 2 when data.Length > 0: // bit flipped
                    return With(data, A % data.Length, (byte)(data[A % data.Length] ^ (1 << (B % 8))));
                case 3: // splice: our head, another seed's tail
                    byte[] tail = seeds[Other];
                    return [.. data[..at], .. tail[(tail.Length == 0 ? 0 : B % (tail.Length + 1))..]];
                case 4: // a slice duplicated in place (a statement written twice)
                    int end = Math.Min(data.Length, at + span + 1);
                    return [.. data[..end], .. data[at..end], .. data[end..]];
                case 5: // a slice dropped
                    return [.. data[..at], .. data[Math.Min(data.Length, at + span + 1)..]];
                case 6: // a syntax token inserted
                    return [.. data[..at], .. Tokens[B % Tokens.Length], .. data[at..]];
                case 7: // balanced nesting
                    int depth = 1 + (B % MaxInsertedDepth);
                    return [.. data[..at], .. Repeat("{ ", depth), .. Repeat("} ", depth), .. data[at..]];
                case 8: // unbalanced nesting: braces opened and never closed, or closed and never opened
                    return [.. data[..at], .. Repeat(B % 2 == 0 ? "{" : "}", 1 + (B / 2 % MaxInsertedDepth)), .. data[at..]];
                case 9: // the whole input twice
                    return [.. data, .. data];
                default: // a run of one byte (long tokens, long lines)
                    return [.. data[..at], .. Enumerable.Repeat((byte)B, 1 + (B % 4096)), .. data[at..]];
            }
        }

        private static byte[] With(byte[] data, int index, byte value)
        {
            var copy = (byte[])data.Clone();
            copy[index] = value;
            return copy;
        }

        private static byte[] Repeat(string text, int count) => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(text, count)));
    }
}
