namespace IPoIBDhcp.Server.Config;

/// <summary><c>option SPACE.NAME</c>: the bytes of a sub-option the client (or its relay) sent, e.g. <c>option agent.circuit-id</c>.</summary>
/// <param name="Path">Where the sub-option sits in the request.</param>
/// <param name="Name">The name as written.</param>
public sealed record SubOptionDataExpression(SubOptionPath Path, string Name) : DataExpression
{
    /// <inheritdoc/>
    public override ReadOnlyMemory<byte>? Evaluate(IOptionSource request) =>
        Path.TryRead(request, out var value) ? value : (ReadOnlyMemory<byte>?)null;
}
