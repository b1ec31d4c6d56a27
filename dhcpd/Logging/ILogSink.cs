namespace IPoIBDhcp.Server.Logging;

/// <summary>Where log lines go: stderr under <c>-d</c>, syslog otherwise, a list in tests.</summary>
public interface ILogSink
{
    /// <summary>True when debug lines are wanted (the <c>LogLevel</c> setting).</summary>
    bool DebugEnabled { get; }

    /// <summary>Writes one line (no trailing newline).</summary>
    void Write(LogSeverity severity, string line);
}
