using IPoIBDhcp.Text;

namespace IPoIBDhcp.Engine.Fabric.Config;

/// <summary>
/// Carries the <see cref="ConfigDiagnostic"/> of a fabric.conf or partitions.conf error out of <c>Parse</c> and
/// <c>Load</c>, whose callers (engine start-up, the partitions watcher) treat a bad file like an unreadable one; the
/// message is the diagnostic's own <c>file:line:col: reason</c>. A <see cref="FormatException"/> because it is bad
/// text, not a bad state. <c>TryParse</c> returns the diagnostic itself.
/// </summary>
public sealed class FabricConfigException : FormatException
{
    /// <summary>Wraps <paramref name="diagnostic"/>.</summary>
    public FabricConfigException(ConfigDiagnostic diagnostic)
        : base((diagnostic ?? throw new ArgumentNullException(nameof(diagnostic))).ToString()) => Diagnostic = diagnostic;

    /// <summary>Where the error is and why.</summary>
    public ConfigDiagnostic Diagnostic { get; }

    /// <summary>Runs a throwing <paramref name="parse"/> as a <c>TryParse</c>: its value, or the diagnostic it threw.</summary>
    internal static bool Try<T>(Func<T> parse, out T? value, out ConfigDiagnostic? error)
        where T : class
    {
        try
        {
            value = parse();
            error = null;
            return true;
        }
        catch (FabricConfigException e)
        {
            value = null;
            error = e.Diagnostic;
            return false;
        }
    }
}
