namespace IPoIBDhcp.Server.Config;

/// <summary>
/// <c>reverse (WIDTH, DATA)</c>: DATA cut into WIDTH-byte pieces, the pieces in reverse order (each piece unchanged);
/// as ISC, data that is not a whole number of pieces yields null, and so does a width of 0 (ISC divides by it).
/// <c>reverse (1, leased-address)</c> turns 198.18.0.10 into 10.0.18.198 for in-addr.arpa names.
/// </summary>
/// <param name="Width">Bytes per piece.</param>
/// <param name="Data">The bytes.</param>
public sealed record ReverseExpression(NumericExpression Width, DataExpression Data) : DataExpression
{
    /// <inheritdoc/>
    public override ReadOnlyMemory<byte>? Evaluate(IOptionSource request)
    {
        if (Width.Evaluate(request) is not { } width || Data.Evaluate(request) is not { } data) return null;
        if (width == 0 || (ulong)data.Length % width != 0) return null;
        int size = (int)width;
        var span = data.Span;
        var result = new byte[span.Length];
        for (int i = 0; i < span.Length; i += size) span.Slice(span.Length - i - size, size).CopyTo(result.AsSpan(i));
        return result;
    }
}
