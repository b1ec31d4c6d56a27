namespace IPoIBDhcp.Server.Config;

/// <summary><c>A or B</c>: true if either is true, false if both are false, otherwise undefined.</summary>
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
        if (right == true) return true;
        return left == false && right == false ? false : null;
    }
}
