namespace IPoIBDhcp.Server.Config;

/// <summary>
/// <c>A and B</c> as ISC 4.4 evaluates it (common/tree.c): B is only looked at when A is true, and the result is
/// defined only when both were evaluated. So <c>true and true</c> is true, <c>true and false</c> is false, and
/// anything with a false or undefined A is undefined; undefined selects nothing, the same as false.
/// </summary>
/// <param name="Left">Left operand.</param>
/// <param name="Right">Right operand.</param>
public sealed record AndExpression(BooleanExpression Left, BooleanExpression Right) : BooleanExpression
{
    /// <inheritdoc/>
    public override bool? EvaluateDefined(IOptionSource request)
    {
        if (Left.EvaluateDefined(request) != true) return null;
        return Right.EvaluateDefined(request);
    }
}
