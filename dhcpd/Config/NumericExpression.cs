namespace IPoIBDhcp.Server.Config;

/// <summary>
/// An expression that yields a number (ISC "numeric expression": constants, <c>extract-int</c>, <c>lease-time</c>,
/// arithmetic). ISC computes in the C <c>unsigned long</c> of its platform, 64 bits on Linux, so this does too.
/// Null means "no value" (an operand was absent), which propagates like a null data expression.
/// </summary>
public abstract record NumericExpression
{
    /// <summary>The number for <paramref name="request"/>, or null when it has none.</summary>
    public abstract ulong? Evaluate(IOptionSource request);
}
