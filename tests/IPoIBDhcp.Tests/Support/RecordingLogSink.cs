using IPoIBDhcp.Logging;

namespace IPoIBDhcp.Tests.Support;

/// <summary>Every line written, with its severity, for tests that assert what was logged and how severe it was.</summary>
internal sealed class RecordingLogSink(LogSeverity threshold = LogSeverity.Debug) : ILogSink
{
    private readonly Lock gate = new();
    private readonly List<(LogSeverity Severity, string Line)> entries = [];

    public LogSeverity Threshold => threshold;

    /// <summary>The lines written so far, oldest first.</summary>
    public List<string> Lines
    {
        get
        {
            lock (gate) return [.. entries.Select(e => e.Line)];
        }
    }

    /// <summary>The lines written so far with their severities.</summary>
    public List<(LogSeverity Severity, string Line)> Entries
    {
        get
        {
            lock (gate) return [.. entries];
        }
    }

    public void Write(LogSeverity severity, string line)
    {
        if (severity > threshold) return;
        lock (gate) entries.Add((severity, line));
    }
}
