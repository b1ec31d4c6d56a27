namespace IPoIBDhcp.Server.Config;

/// <summary><c>option NAME</c>: the raw bytes the client sent for that option.</summary>
/// <param name="Code">Option code, resolved through the option table at parse time.</param>
/// <param name="Name">The name as written, for messages and printing.</param>
public sealed record OptionDataExpression(byte Code, string Name) : DataExpression
{
    /// <inheritdoc/>
    public override ReadOnlyMemory<byte>? Evaluate(IOptionSource request) =>
        request.TryGetOption(Code, out var value) ? value : (ReadOnlyMemory<byte>?)null;
}
