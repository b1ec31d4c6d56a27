namespace IPoIBDhcp.Server.Config;

/// <summary><c>suffix(DATA, LENGTH)</c>: the last bytes, or all of them when the value is shorter (as ISC).</summary>
/// <param name="Data">The bytes to cut.</param>
/// <param name="Length">Most bytes to keep from the end.</param>
public sealed record SuffixExpression(DataExpression Data, NumericExpression Length) : DataExpression
{
    /// <inheritdoc/>
    public override ReadOnlyMemory<byte>? Evaluate(IOptionSource request)
    {
        if (Data.Evaluate(request) is not { } value || Length.Evaluate(request) is not { } length) return null;
        return length >= (ulong)value.Length ? value : value[(value.Length - (int)length)..];
    }
}
