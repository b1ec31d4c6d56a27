using IPoIBDhcp.Text;

namespace IPoIBDhcp.Server.Config;

/// <summary>One arm of <c>if</c>/<c>elsif</c>/<c>else</c>.</summary>
/// <param name="Condition">The test, or null for <c>else</c>.</param>
/// <param name="Parameters">What the arm sets when taken (may hold nested <c>if</c>s).</param>
/// <param name="Position">Where the arm's keyword is.</param>
public sealed record ConditionalBranch(BooleanExpression? Condition, ScopeParameters Parameters, SourcePosition Position);
