using System.Text;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// <c>binary-to-ascii (BASE, WIDTH, SEPARATOR, DATA)</c>: DATA read as unsigned WIDTH-bit big-endian numbers, each
/// written in BASE (2 to 16, lower-case digits, no leading zeros), joined by SEPARATOR; as ISC, a width other than
/// 8, 16 or 32, a base outside 2-16, or data that is not a whole number of values yields null.
/// The classic use: <c>binary-to-ascii (10, 8, ".", leased-address)</c> gives <c>"198.18.0.10"</c>.
/// </summary>
/// <param name="Base">Number base.</param>
/// <param name="Width">Bits per value.</param>
/// <param name="Separator">Written between values.</param>
/// <param name="Data">The values.</param>
public sealed record BinaryToAsciiExpression(NumericExpression Base, NumericExpression Width, DataExpression Separator, DataExpression Data) : DataExpression
{
    /// <inheritdoc/>
    public override ReadOnlyMemory<byte>? Evaluate(IOptionSource request)
    {
        if (Base.Evaluate(request) is not { } radix || Width.Evaluate(request) is not { } width
            || Separator.Evaluate(request) is not { } separator || Data.Evaluate(request) is not { } data)
            return null;
        if (width is not (8 or 16 or 32) || radix is < 2 or > 16) return null;
        int size = (int)width / 8;
        if (data.Length % size != 0) return null;
        var text = new StringBuilder();
        var span = data.Span;
        for (int i = 0; i < span.Length; i += size)
        {
            ulong value = 0;
            for (int b = 0; b < size; b++) value = (value << 8) | span[i + b];
            AppendInBase(text, value, (uint)radix);
            if (i + size != span.Length) text.Append(Encoding.Latin1.GetString(separator.Span));
        }
        return Encoding.Latin1.GetBytes(text.ToString());
    }

    private static void AppendInBase(StringBuilder text, ulong value, uint radix)
    {
        Span<char> digits = stackalloc char[64];
        int n = digits.Length;
        do
        {
            digits[--n] = "0123456789abcdef"[(int)(value % radix)];
            value /= radix;
        }
        while (value != 0);
        text.Append(digits[n..]);
    }
}
