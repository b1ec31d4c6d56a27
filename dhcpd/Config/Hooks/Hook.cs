using System.Collections.Immutable;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Server.Config.Hooks;

/// <summary>
/// The body of one <c>on EVENT { … }</c> statement: the executable statements a lease event runs, in written order.
/// </summary>
/// <param name="Body">The statements.</param>
/// <param name="Position">Where the <c>on</c> is.</param>
public sealed record Hook(ImmutableArray<HookStatement> Body, SourcePosition Position);
