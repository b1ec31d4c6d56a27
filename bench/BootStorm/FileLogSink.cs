using System.Diagnostics;
using System.Globalization;
using System.Text;
using IPoIBDhcp.Logging;

namespace IPoIBDhcp.Bench.BootStorm;

/// <summary>
/// dhcpd's log lines into a file in the storm's directory (where syslog would put them), each stamped with the
/// seconds since the storm started, so a slow node's exchange can be read back afterwards. Buffered: the
/// lines of a 100,000-node storm would otherwise cost a write(2) each.
/// </summary>
internal sealed class FileLogSink : ILogSink, IDisposable
{
    private readonly Lock gate = new();
    private readonly StreamWriter writer;
    private readonly long origin;
    private long lines, ticks;

    public FileLogSink(string path, long origin)
    {
        writer = new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16), new UTF8Encoding(false), 1 << 20);
        this.origin = origin;
    }

    public LogSeverity Threshold => LogSeverity.Info;

    /// <summary>Lines written.</summary>
    public long Lines => Interlocked.Read(ref lines);

    /// <summary>Time spent writing lines (lock wait included; formatting is the caller's).</summary>
    public TimeSpan WriteTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref ticks));

    public void Write(LogSeverity severity, string line)
    {
        if (severity == LogSeverity.Debug) return;
        long start = Stopwatch.GetTimestamp();
        double seconds = Stopwatch.GetElapsedTime(origin, start).TotalSeconds;
        lock (gate)
        {
            writer.Write(seconds.ToString("0.000000", CultureInfo.InvariantCulture));
            writer.Write(' ');
            writer.WriteLine(line);
        }
        Interlocked.Increment(ref lines);
        Interlocked.Add(ref ticks, Stopwatch.GetTimestamp() - start);
    }

    public void Dispose()
    {
        lock (gate) writer.Dispose();
    }
}
