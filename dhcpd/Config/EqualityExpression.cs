namespace IPoIBDhcp.Server.Config;

/// <summary><c>DATA = DATA</c> or <c>DATA != DATA</c>: byte-exact, length included; undefined when either side is absent.</summary>
/// <param name="Left">Left operand.</param>
/// <param name="Right">Right operand.</param>
/// <param name="Negated">True for <c>!=</c>.</param>
public sealed record EqualityExpression(DataExpression Left, DataExpression Right, bool Negated) : BooleanExpression
{
    /// <inheritdoc/>
    public override bool? EvaluateDefined(IOptionSource request)
    {
        if (Left.Evaluate(request) is not { } left || Right.Evaluate(request) is not { } right) return null;
        return left.Span.SequenceEqual(right.Span) != Negated;
    }
}
