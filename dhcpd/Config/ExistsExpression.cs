namespace IPoIBDhcp.Server.Config;

/// <summary><c>exists NAME</c>: whether the client sent the option; always defined.</summary>
/// <param name="Code">Option code.</param>
/// <param name="Name">The name as written.</param>
public sealed record ExistsExpression(byte Code, string Name) : BooleanExpression
{
    /// <inheritdoc/>
    public override bool? EvaluateDefined(IOptionSource request) => request.TryGetOption(Code, out _);
}
