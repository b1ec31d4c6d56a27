using IPoIBDhcp.Text;

namespace IPoIBDhcp.Engine.Fabric.Config;

/// <summary>
/// A statement of fabric.conf before interpretation: its words, and the statements of its <c>{ … }</c>
/// block if it has one. Reading into this neutral shape first keeps the syntax small and lets the
/// interpreter report "what is wrong" at the offending word instead of "unexpected character".
/// </summary>
/// <param name="Words">The words before <c>;</c> or <c>{</c> (at least one).</param>
/// <param name="Block">The block's statements, or null for a statement ended by <c>;</c>.</param>
/// <param name="End">Position of the terminating <c>;</c> or <c>{</c>, for "missing value" errors.</param>
internal sealed record ConfStatement(IReadOnlyList<ConfWord> Words, IReadOnlyList<ConfStatement>? Block, SourcePosition End);
