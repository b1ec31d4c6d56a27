using System.ComponentModel;
using System.Diagnostics;
using System.Threading.Channels;
using IPoIBDhcp.Logging;

namespace IPoIBDhcp.Server.Hooks;

/// <summary>
/// Runs the programs of hooks' <c>execute</c> statements off the request path: the host hands them over once the lease
/// is durable and the reply sent, a few workers run them (never through a shell) with a time limit, and every failure
/// (a non-zero exit status, a program that cannot be started, one killed at the limit) is one plain log line. ISC runs
/// the program inside the request and waits for it, so a slow script stalls every client; this never does.
/// </summary>
/// <remarks>
/// Bounded: at most <c>workers</c> programs run at once and at most <c>queueLimit</c> wait; a run that finds the queue
/// full is dropped and logged. On disposal the queued runs are dropped (counted in one line) and the running ones are
/// waited for, each at most until its time limit.
/// </remarks>
public sealed class HookExecutor : IAsyncDisposable
{
    private readonly ILogSink log;
    private readonly TimeSpan timeout;
    private readonly Channel<ProgramRun> queue;
    private readonly Task[] workers;

    /// <summary>Starts <paramref name="workerCount"/> workers; a program may run for <paramref name="timeout"/>.</summary>
    public HookExecutor(ILogSink log, TimeSpan timeout, int workerCount = 4, int queueLimit = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workerCount, 1);
        this.log = log;
        this.timeout = timeout;
        queue = Channel.CreateBounded<ProgramRun>(new BoundedChannelOptions(queueLimit) { FullMode = BoundedChannelFullMode.Wait });
        workers = [.. Enumerable.Range(0, workerCount).Select(_ => Task.Run(WorkAsync))];
    }

    /// <summary>Programs that ran and ended with status 0.</summary>
    public long Succeeded => Interlocked.Read(ref succeeded);

    /// <summary>Programs that failed: non-zero status, not started, killed at the limit, or dropped.</summary>
    public long Failed => Interlocked.Read(ref failed);

    private long succeeded, failed;

    /// <summary>Queues <paramref name="runs"/>; never blocks (a full queue drops the run, logged).</summary>
    public void Enqueue(IEnumerable<ProgramRun> runs)
    {
        foreach (var run in runs)
        {
            if (queue.Writer.TryWrite(run)) continue;
            Interlocked.Increment(ref failed);
            if (log.IsEnabled(LogSeverity.Error)) log.Write(LogSeverity.Error, $"execute: {run.Program} ({run.Event} of {run.Address}) not run: too many programs waiting");
        }
    }

    private async Task WorkAsync()
    {
        // Ends when the queue is completed (disposal) and empty.
        while (await queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (queue.Reader.TryRead(out var run)) await RunAsync(run).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(ProgramRun run)
    {
        var start = new ProcessStartInfo(run.Program) { UseShellExecute = false };
        foreach (var argument in run.Arguments) start.ArgumentList.Add(argument);
        string what = $"execute: {run.Program} ({run.Event} of {run.Address})";
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (Win32Exception ex)
        {
            // The system's reason alone ("No such file or directory"), not .NET's sentence around it.
            Fail($"{what}: cannot run: {new Win32Exception(ex.NativeErrorCode).Message}");
            return;
        }
        catch (Exception ex) when (ex is InvalidOperationException or PlatformNotSupportedException)
        {
            Fail($"{what}: cannot run: {ex.Message}");
            return;
        }
        if (process is null)
        {
            Fail($"{what}: cannot run");
            return;
        }
        using (process)
        {
            using var limit = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // It ended just now.
                }
                Fail($"{what}: killed after {timeout.TotalSeconds:0.###} s");
                return;
            }
            if (process.ExitCode == 0) Interlocked.Increment(ref succeeded);
            else Fail($"{what}: exit status {process.ExitCode}");
        }
    }

    private void Fail(string line)
    {
        Interlocked.Increment(ref failed);
        if (log.IsEnabled(LogSeverity.Error)) log.Write(LogSeverity.Error, line);
    }

    /// <summary>Drops what is queued and waits for the running programs (each at most its time limit).</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        int dropped = 0;
        while (queue.Reader.TryRead(out _)) dropped++;
        if (dropped > 0 && log.IsEnabled(LogSeverity.Error)) log.Write(LogSeverity.Error, $"execute: {dropped} queued programs not run: the server is stopping");
        await Task.WhenAll(workers).ConfigureAwait(false);
    }
}
