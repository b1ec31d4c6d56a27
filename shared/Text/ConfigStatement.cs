using System.Collections.Immutable;

namespace IPoIBDhcp.Text;

/// <summary>
/// One statement of ISC's configuration language in its generic shape: head words ended by <c>;</c>, or
/// head words followed by a <c>{ … }</c> body. Both dhcpd.conf and dhclient.conf have exactly this shape,
/// so recovery after an error is structural: the next statement starts after the next <c>;</c> or <c>}</c>.
/// </summary>
/// <param name="Head">Tokens before the <c>;</c> or <c>{</c>; never empty except for a bare block. A window on the file's
/// token array, not a copy: a 100,000-host file has 300,000 statements.</param>
/// <param name="Body">Statements inside the braces, or default for a simple statement.</param>
/// <param name="Terminator">The <c>;</c> or <c>{</c> that ended the head (for positions of "missing value" errors).</param>
/// <param name="Error">A structural problem found while grouping tokens (missing <c>;</c>, unbalanced braces), or null.</param>
public sealed record ConfigStatement(
    ReadOnlyMemory<ConfigToken> Head,
    ImmutableArray<ConfigStatement> Body,
    ConfigToken Terminator,
    string? Error = null)
{
    /// <summary>True when the statement has a <c>{ … }</c> body, grouped already or deferred.</summary>
    public bool HasBody => !Body.IsDefault || DeferredBody >= 0;

    /// <summary>
    /// For a statement grouped by <see cref="LazyStatementParser"/>: the offset just after its <c>{</c>, where its body's
    /// text starts; the body is grouped when a reader asks (<see cref="LazyStatementParser.ParseBody"/>). Minus one when
    /// there is no deferred body. A 100,000-host file then holds the tokens of one host at a time, not of all of them.
    /// </summary>
    public int DeferredBody { get; init; } = -1;

    /// <summary>The first token: the keyword that decides what the statement is.</summary>
    public ConfigToken Keyword => Head.IsEmpty ? Terminator : Head.Span[0];
}
