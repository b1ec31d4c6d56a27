namespace IPoIBDhcp.Server.Config;

/// <summary>A decimal number written in the expression.</summary>
/// <param name="Value">The number.</param>
public sealed record ConstantNumericExpression(ulong Value) : NumericExpression
{
    /// <inheritdoc/>
    public override ulong? Evaluate(IOptionSource request) => Value;
}
