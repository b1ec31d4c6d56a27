using System.Collections.Immutable;

namespace IPoIBDhcp.Server.Config;

/// <summary>A string or colon-hex literal; compared byte for byte.</summary>
/// <param name="Value">The literal's bytes (escapes resolved).</param>
public sealed record ConstantDataExpression(ImmutableArray<byte> Value) : DataExpression
{
    /// <inheritdoc/>
    public override ReadOnlyMemory<byte>? Evaluate(IOptionSource request) => Value.AsMemory();
}
