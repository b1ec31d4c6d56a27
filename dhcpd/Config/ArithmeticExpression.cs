namespace IPoIBDhcp.Server.Config;

/// <summary>
/// <c>NUM OP NUM</c>: unsigned 64-bit arithmetic as ISC's <c>unsigned long</c> (wrapping); dividing by zero yields no
/// number, as ISC's evaluator does, instead of stopping the server.
/// </summary>
/// <param name="Operator">Which operation.</param>
/// <param name="Left">Left operand.</param>
/// <param name="Right">Right operand.</param>
public sealed record ArithmeticExpression(ArithmeticOperator Operator, NumericExpression Left, NumericExpression Right) : NumericExpression
{
    /// <inheritdoc/>
    public override ulong? Evaluate(IOptionSource request)
    {
        if (Left.Evaluate(request) is not { } l || Right.Evaluate(request) is not { } r) return null;
        return Operator switch
        {
            ArithmeticOperator.Add => unchecked(l + r),
            ArithmeticOperator.Multiply => unchecked(l * r),
            ArithmeticOperator.Divide => r == 0 ? null : l / r,
            ArithmeticOperator.Remainder => r == 0 ? null : l % r,
            ArithmeticOperator.BitAnd => l & r,
            ArithmeticOperator.BitOr => l | r,
            _ => l ^ r,
        };
    }
}
