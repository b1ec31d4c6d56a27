using System.Collections.Immutable;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Server.Config;

/// <summary>An <c>if … elsif … else …</c> chain; at most one branch is taken per request.</summary>
/// <param name="Branches">The arms in written order; an <c>else</c> arm, if any, is last.</param>
/// <param name="Position">Where the <c>if</c> is.</param>
public sealed record ConditionalStatement(ImmutableArray<ConditionalBranch> Branches, SourcePosition Position)
{
    /// <summary>The parameters of the first arm whose condition holds, or null when none does.</summary>
    public ScopeParameters? Select(IOptionSource request) => SelectIndex(request) is >= 0 and var taken ? Branches[taken].Parameters : null;

    /// <summary>The position of the first arm whose condition holds, or -1 when none does.</summary>
    public int SelectIndex(IOptionSource request)
    {
        for (int i = 0; i < Branches.Length; i++)
        {
            var condition = Branches[i].Condition;
            if (condition is null || condition.Evaluate(request)) return i;
        }
        return -1;
    }
}
