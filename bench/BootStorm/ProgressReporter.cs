using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace IPoIBDhcp.Bench.BootStorm;

/// <summary>
/// The live progress line on stderr: a bar of nodes whose OS is bound, then bound / retrying / failed per stage.
/// On a terminal it redraws one line five times a second; when stderr is a file or pipe it prints one line per
/// second, so a log of a long storm stays readable.
/// </summary>
internal sealed class ProgressReporter(TextWriter writer, StormCounters counters, int nodes, long origin)
{
    private const int BarWidth = 24;

    /// <summary>Draws until <paramref name="cancellationToken"/> is cancelled (the storm is over), then draws the final state.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        bool terminal = ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected;
        var interval = terminal ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(1);
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                Draw(terminal, final: false);
        }
        catch (OperationCanceledException)
        {
        }
        Draw(terminal, final: true);
    }

    private void Draw(bool terminal, bool final)
    {
        string line = Line();
        if (terminal)
        {
            writer.Write('\r');
            writer.Write(line);
            if (final) writer.WriteLine();
        }
        else
        {
            writer.WriteLine(line);
        }
        writer.Flush();
    }

    /// <summary>One progress line, plain ASCII.</summary>
    public string Line()
    {
        int done = counters.BoundCount(BootStage.Os);
        int filled = nodes == 0 ? BarWidth : (int)((long)done * BarWidth / nodes);
        var b = new StringBuilder();
        b.Append('[').Append('#', filled).Append('.', BarWidth - filled).Append("] ");
        b.Append(CultureInfo.InvariantCulture, $"{done}/{nodes} OS bound {Stopwatch.GetElapsedTime(origin).TotalSeconds,6:0.0}s |");
        foreach (var (stage, name) in new[] { (BootStage.FlexBoot, "FlexBoot"), (BootStage.Ipxe, "iPXE"), (BootStage.Os, "OS") })
        {
            b.Append(CultureInfo.InvariantCulture,
                $" {name} {counters.BoundCount(stage)}/{counters.RetryingCount(stage)}/{counters.FailedCount(stage)}");
        }
        b.Append(" (bound/retrying/failed)");
        return b.ToString();
    }
}
