namespace IPoIBDhcp.Server.Config;

/// <summary><c>not A</c>; undefined stays undefined (ISC), so <c>not</c> of a failed regular-expression match never selects.</summary>
/// <param name="Operand">The negated condition.</param>
public sealed record NotExpression(BooleanExpression Operand) : BooleanExpression
{
    /// <inheritdoc/>
    public override bool? EvaluateDefined(IOptionSource request) => !Operand.EvaluateDefined(request);
}
