namespace IPoIBDhcp.Server.Config;

/// <summary><c>exists SPACE.NAME</c>: whether the request carries that sub-option; always defined.</summary>
/// <param name="Path">Where the sub-option sits in the request.</param>
/// <param name="Name">The name as written.</param>
public sealed record SubOptionExistsExpression(SubOptionPath Path, string Name) : BooleanExpression
{
    /// <inheritdoc/>
    public override bool? EvaluateDefined(IOptionSource request) => Path.TryRead(request, out _);
}
