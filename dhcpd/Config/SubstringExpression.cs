namespace IPoIBDhcp.Server.Config;

/// <summary>
/// <c>substring(DATA, OFFSET, LENGTH)</c>, as ISC: an offset past the end yields empty data and a length past the end
/// is cut short, so <c>substring(option vendor-class-identifier, 0, 9)</c> of a short value is simply that value.
/// </summary>
/// <param name="Data">The bytes to cut.</param>
/// <param name="Offset">First byte.</param>
/// <param name="Length">Most bytes to take.</param>
public sealed record SubstringExpression(DataExpression Data, NumericExpression Offset, NumericExpression Length) : DataExpression
{
    /// <summary>The common form with constant offset and length.</summary>
    public SubstringExpression(DataExpression data, uint offset, uint length)
        : this(data, new ConstantNumericExpression(offset), new ConstantNumericExpression(length))
    {
    }

    /// <inheritdoc/>
    public override ReadOnlyMemory<byte>? Evaluate(IOptionSource request)
    {
        if (Data.Evaluate(request) is not { } value || Offset.Evaluate(request) is not { } offset
            || Length.Evaluate(request) is not { } length) return null;
        if (offset >= (ulong)value.Length) return ReadOnlyMemory<byte>.Empty;
        int start = (int)offset;
        return value.Slice(start, (int)Math.Min(length, (ulong)(value.Length - start)));
    }
}
