namespace IPoIBDhcp.Server.Logging;

/// <summary>Lines to stderr, as ISC dhcpd does under <c>-d</c>.</summary>
public sealed class StderrLogSink(TextWriter writer, bool debug) : ILogSink
{
    private readonly Lock gate = new();

    /// <inheritdoc/>
    public bool DebugEnabled => debug;

    /// <inheritdoc/>
    public void Write(LogSeverity severity, string line)
    {
        if (severity == LogSeverity.Debug && !debug) return;
        lock (gate) writer.WriteLine(line);
    }
}
