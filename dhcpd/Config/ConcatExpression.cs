using System.Collections.Immutable;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// <c>concat (DATA, DATA, …)</c>: the values one after another. ISC builds a chain of two-operand concatenations and
/// each is null when either side is, so one null operand makes the whole result null.
/// </summary>
/// <param name="Parts">The operands, at least two.</param>
public sealed record ConcatExpression(ImmutableArray<DataExpression> Parts) : DataExpression
{
    /// <inheritdoc/>
    public override ReadOnlyMemory<byte>? Evaluate(IOptionSource request)
    {
        var parts = new ReadOnlyMemory<byte>[Parts.Length];
        int total = 0;
        for (int i = 0; i < Parts.Length; i++)
        {
            if (Parts[i].Evaluate(request) is not { } value) return null;
            parts[i] = value;
            total += value.Length;
        }
        var result = new byte[total];
        int at = 0;
        foreach (var part in parts)
        {
            part.Span.CopyTo(result.AsSpan(at));
            at += part.Length;
        }
        return result;
    }
}
