using System.Buffers.Binary;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// <c>extract-int (DATA, WIDTH)</c>: the first 8, 16 or 32 bits of the data in network byte order, as ISC. Data shorter
/// than the width yields no number (ISC 4.4 reads a byte past an empty string for width 8; here that is null too).
/// </summary>
/// <param name="Data">The bytes to read.</param>
/// <param name="Width">8, 16 or 32 (checked when the file is read).</param>
public sealed record ExtractIntExpression(DataExpression Data, int Width) : NumericExpression
{
    /// <inheritdoc/>
    public override ulong? Evaluate(IOptionSource request)
    {
        if (Data.Evaluate(request) is not { } value || value.Length < Width / 8) return null;
        var span = value.Span;
        return Width switch
        {
            8 => span[0],
            16 => BinaryPrimitives.ReadUInt16BigEndian(span),
            _ => BinaryPrimitives.ReadUInt32BigEndian(span),
        };
    }
}
