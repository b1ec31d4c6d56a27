namespace IPoIBDhcp.Server.Config;

/// <summary><c>not A</c>; undefined stays undefined, so <c>not</c> of a comparison with a missing option never matches.</summary>
/// <param name="Operand">The negated condition.</param>
public sealed record NotExpression(BooleanExpression Operand) : BooleanExpression
{
    /// <inheritdoc/>
    public override bool? EvaluateDefined(IOptionSource request) => !Operand.EvaluateDefined(request);
}
