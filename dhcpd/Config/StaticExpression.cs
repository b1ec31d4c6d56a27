namespace IPoIBDhcp.Server.Config;

/// <summary><c>static</c>: whether the address being given is a host's fixed address; always defined.</summary>
public sealed record StaticExpression : BooleanExpression
{
    /// <inheritdoc/>
    public override bool? EvaluateDefined(IOptionSource request) => request.IsStatic;
}
