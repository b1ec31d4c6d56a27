namespace IPoIBDhcp.Server.Config;

/// <summary>
/// <c>A = B</c> or <c>A != B</c> over data (byte-exact, length included), as ISC 4.4 (common/tree.c, expr_equal):
/// always defined. Two nulls are equal and a null never equals a value, so <c>option user-class = null</c> tests for
/// absence and <c>option user-class != "iPXE"</c> holds for a client that sends no user-class.
/// </summary>
/// <param name="Left">Left operand.</param>
/// <param name="Right">Right operand.</param>
/// <param name="Negated">True for <c>!=</c>.</param>
public sealed record EqualityExpression(DataExpression Left, DataExpression Right, bool Negated) : BooleanExpression
{
    /// <inheritdoc/>
    public override bool? EvaluateDefined(IOptionSource request)
    {
        var left = Left.Evaluate(request);
        var right = Right.Evaluate(request);
        bool equal = left is { } l ? right is { } r && l.Span.SequenceEqual(r.Span) : right is null;
        return equal != Negated;
    }
}
