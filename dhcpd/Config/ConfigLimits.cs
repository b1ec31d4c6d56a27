namespace IPoIBDhcp.Server.Config;

/// <summary>
/// The nesting dhcpd.conf may use where the model is a tree that is later walked recursively (conditions are
/// evaluated per request). Blocks of declarations (<c>group</c>, <c>subnet</c>, …) have no limit: they are read
/// with an explicit stack, as deep as ISC dhcpd reads them. These limits are far above any real configuration
/// and far below what exhausts a thread's stack; beyond them the statement is refused with
/// <c>file:line:col: reason</c> instead of the process dying (ISC dhcpd 4.4.3 crashes on such input).
/// </summary>
public static class ConfigLimits
{
    /// <summary>Most <c>if</c> statements nested in one another.</summary>
    public const int MaxIfNesting = 100;

    /// <summary>Most parentheses nested in one <c>if</c> or <c>match if</c> condition (function calls such as <c>substring(…)</c> included).</summary>
    public const int MaxExpressionNesting = 50;

    /// <summary>Most <c>and</c>, <c>or</c> and <c>not</c> operators in one condition, and separately most arithmetic operators in one expression.</summary>
    public const int MaxExpressionOperators = 1000;
}
