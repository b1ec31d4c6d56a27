using System.Buffers.Binary;

namespace IPoIBDhcp.Server.Config;

/// <summary><c>encode-int (NUM, WIDTH)</c>: the number as 8, 16 or 32 bits in network byte order (high bits dropped, as ISC).</summary>
/// <param name="Value">The number.</param>
/// <param name="Width">8, 16 or 32 (checked when the file is read).</param>
public sealed record EncodeIntExpression(NumericExpression Value, int Width) : DataExpression
{
    /// <inheritdoc/>
    public override ReadOnlyMemory<byte>? Evaluate(IOptionSource request)
    {
        if (Value.Evaluate(request) is not { } value) return null;
        var bytes = new byte[Width / 8];
        switch (Width)
        {
            case 8: bytes[0] = (byte)value; break;
            case 16: BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)value); break;
            default: BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)value); break;
        }
        return bytes;
    }
}
