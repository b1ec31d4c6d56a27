namespace IPoIBDhcp.Server.Config;

/// <summary><c>config-option NAME</c>: the value the configuration gives the option for this client so far, or null.</summary>
/// <param name="Code">Option code, resolved through the option table at parse time.</param>
/// <param name="Name">The name as written.</param>
public sealed record ConfigOptionExpression(byte Code, string Name) : DataExpression
{
    /// <inheritdoc/>
    public override ReadOnlyMemory<byte>? Evaluate(IOptionSource request) =>
        request.TryGetConfigOption(Code, out var value) ? value : (ReadOnlyMemory<byte>?)null;
}
