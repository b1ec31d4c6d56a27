namespace IPoIBDhcp.Server.Config;

/// <summary><c>A and B</c>: false if either is false, true if both are true, otherwise undefined.</summary>
/// <param name="Left">Left operand.</param>
/// <param name="Right">Right operand.</param>
public sealed record AndExpression(BooleanExpression Left, BooleanExpression Right) : BooleanExpression
{
    /// <inheritdoc/>
    public override bool? EvaluateDefined(IOptionSource request)
    {
        bool? left = Left.EvaluateDefined(request);
        if (left == false) return false;
        bool? right = Right.EvaluateDefined(request);
        if (right == false) return false;
        return left == true && right == true ? true : null;
    }
}
