namespace IPoIBDhcp.Server.Config;

/// <summary><c>NUM = NUM</c> or <c>NUM != NUM</c>, with ISC's null rule (two nulls are equal, a null equals no number).</summary>
/// <param name="Left">Left operand.</param>
/// <param name="Right">Right operand.</param>
/// <param name="Negated">True for <c>!=</c>.</param>
public sealed record NumericEqualityExpression(NumericExpression Left, NumericExpression Right, bool Negated) : BooleanExpression
{
    /// <inheritdoc/>
    public override bool? EvaluateDefined(IOptionSource request) =>
        (Left.Evaluate(request) == Right.Evaluate(request)) != Negated;
}
