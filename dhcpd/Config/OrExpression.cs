namespace IPoIBDhcp.Server.Config;

/// <summary>
/// <c>A or B</c> as ISC 4.4 evaluates it: B is looked at unless A is true; the result is defined when either side is,
/// and true when either is true (an undefined side counts as false there).
/// </summary>
/// <param name="Left">Left operand.</param>
/// <param name="Right">Right operand.</param>
public sealed record OrExpression(BooleanExpression Left, BooleanExpression Right) : BooleanExpression
{
    /// <inheritdoc/>
    public override bool? EvaluateDefined(IOptionSource request)
    {
        bool? left = Left.EvaluateDefined(request);
        if (left == true) return true;
        bool? right = Right.EvaluateDefined(request);
        if (left is null && right is null) return null;
        return right == true;
    }
}
