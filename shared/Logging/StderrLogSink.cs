namespace IPoIBDhcp.Logging;

/// <summary>Lines to stderr, as ISC dhcpd does under <c>-d</c>.</summary>
public sealed class StderrLogSink(TextWriter writer, LogSeverity threshold = LogSeverity.Info) : ILogSink
{
    private readonly Lock gate = new();

    /// <inheritdoc/>
    public LogSeverity Threshold => threshold;

    /// <inheritdoc/>
    public void Write(LogSeverity severity, string line)
    {
        if (severity > threshold) return;
        lock (gate) writer.WriteLine(line);
    }
}
