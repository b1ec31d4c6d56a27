namespace IPoIBDhcp.Server.Config.Hooks;

/// <summary>
/// A bare name in a hook's expression: the value of the lease variable of that name (ISC's variable reference), or
/// no data when it is not set.
/// </summary>
/// <param name="Name">The variable.</param>
public sealed record VariableReferenceExpression(string Name) : DataExpression
{
    /// <inheritdoc/>
    public override ReadOnlyMemory<byte>? Evaluate(IOptionSource request) =>
        request is IVariableSource variables && variables.TryGetVariable(Name, out var value) ? (ReadOnlyMemory<byte>?)value : null;
}
