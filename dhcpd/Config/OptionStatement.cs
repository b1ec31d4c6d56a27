using IPoIBDhcp.Text;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// One option statement that cannot be folded into a scope's constant option table: its value is an expression
/// (<c>option X = …;</c>, <c>filename = …;</c>) or it combines with earlier values (<c>default</c>, <c>prepend</c>,
/// <c>append</c>). ISC runs these per request, from the least specific scope to the most specific and in written
/// order inside a scope (<see cref="ScopeParameters.ApplyTo"/>).
/// </summary>
/// <param name="Code">Option code, or 0 when <see cref="Field"/> names a BOOTP field instead.</param>
/// <param name="Field">The <c>filename</c> or <c>server-name</c> parameter this sets, or null for an option.</param>
/// <param name="Mode">How it combines with earlier values.</param>
/// <param name="Value">The value's expression (a <see cref="ConstantDataExpression"/> for a written value).</param>
/// <param name="Position">Where the statement is.</param>
public sealed record OptionStatement(byte Code, ServerParameter<string?>? Field, OptionStatementMode Mode, DataExpression Value, SourcePosition Position)
{
    /// <summary>True when the value does not depend on the request, so the statement can run without one.</summary>
    public bool IsConstant => Value is ConstantDataExpression;
}
