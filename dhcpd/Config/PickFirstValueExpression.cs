using System.Collections.Immutable;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// <c>pick-first-value (DATA, …)</c>: the first operand that is not null (an empty value counts as a value, as in
/// ISC 4.4, which tests only whether evaluation succeeded); null when all are.
/// </summary>
/// <param name="Choices">The operands in order.</param>
public sealed record PickFirstValueExpression(ImmutableArray<DataExpression> Choices) : DataExpression
{
    /// <inheritdoc/>
    public override ReadOnlyMemory<byte>? Evaluate(IOptionSource request)
    {
        foreach (var choice in Choices)
            if (choice.Evaluate(request) is { } value) return value;
        return null;
    }
}
