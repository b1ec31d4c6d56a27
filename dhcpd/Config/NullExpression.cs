namespace IPoIBDhcp.Server.Config;

/// <summary><c>null</c>: no value; <c>option X = null</c> compares true exactly when the option is absent (ISC 4.4).</summary>
public sealed record NullExpression : DataExpression
{
    /// <inheritdoc/>
    public override ReadOnlyMemory<byte>? Evaluate(IOptionSource request) => null;
}
