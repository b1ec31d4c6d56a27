namespace IPoIBDhcp.Logging;

/// <summary>
/// A sink that writes nothing, where a program's lines have nowhere to go: dhclient without <c>-d</c>/<c>-v</c>,
/// whose ISC original sends its running narrative to syslog only (this dhclient has no syslog sink yet).
/// </summary>
public sealed class NullLogSink : ILogSink
{
    /// <summary>The one instance (it holds no state).</summary>
    public static NullLogSink Instance { get; } = new();

    private NullLogSink()
    {
    }

    /// <inheritdoc/>
    /// <remarks>Below every severity (syslog's 0, emergency, which nothing here logs at): no line is even formatted.</remarks>
    public LogSeverity Threshold => 0;

    /// <inheritdoc/>
    public void Write(LogSeverity severity, string line)
    {
    }
}
