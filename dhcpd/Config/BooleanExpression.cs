namespace IPoIBDhcp.Server.Config;

/// <summary>
/// A condition of <c>match if</c> or <c>if</c>. ISC evaluates with three values: a comparison that reads a
/// missing option is undefined, and undefined never selects a branch or a class (so
/// <c>option user-class != "iPXE"</c> does not match a client that sends no user-class).
/// </summary>
public abstract record BooleanExpression
{
    /// <summary>True, false, or null for undefined (Kleene logic for <c>and</c>, <c>or</c>, <c>not</c>).</summary>
    public abstract bool? EvaluateDefined(IOptionSource request);

    /// <summary>True only when the condition is defined and true: what selects a class or an <c>if</c> branch.</summary>
    public bool Evaluate(IOptionSource request) => EvaluateDefined(request) == true;
}
