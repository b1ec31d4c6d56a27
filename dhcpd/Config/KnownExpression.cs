namespace IPoIBDhcp.Server.Config;

/// <summary><c>known</c>: whether the client has a host declaration; always defined.</summary>
public sealed record KnownExpression : BooleanExpression
{
    /// <inheritdoc/>
    public override bool? EvaluateDefined(IOptionSource request) => request.IsKnown;
}
