namespace IPoIBDhcp.Logging;

/// <summary>
/// Where log lines go, for dhcpd and dhclient alike: stderr under <c>-d</c>, syslog otherwise (dhcpd), a list in tests.
/// Callers say how severe a line is; the sink and its threshold decide whether it is written.
/// </summary>
public interface ILogSink
{
    /// <summary>The least severe level written (the <c>LogLevel</c> setting): lines below it are not even formatted.</summary>
    LogSeverity Threshold { get; }

    /// <summary>True when lines of <paramref name="severity"/> are written; callers test it before building a line.</summary>
    bool IsEnabled(LogSeverity severity) => severity <= Threshold;

    /// <summary>Writes one line (no trailing newline).</summary>
    void Write(LogSeverity severity, string line);
}
