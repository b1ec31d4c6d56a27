using System.Diagnostics;
using IPoIBDhcp.Tests.Support;

namespace IPoIBDhcp.IntegrationTests.Support;

/// <summary>
/// A real dhcpd or dhclient started for a test, with extra environment variables (the fabric host, the registry
/// directory). Its interleaved stdout/stderr are what the tests assert log lines on; disposal SIGKILLs it,
/// so a failing test never leaves one behind.
/// </summary>
internal sealed class DaemonProcess : IAsyncDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);
    private readonly BackgroundProcess process;

    private DaemonProcess(string name, BackgroundProcess process)
    {
        Name = name;
        this.process = process;
    }

    /// <summary>What it is, for messages (<c>dhcpd</c>, <c>dhclient</c>).</summary>
    public string Name { get; }

    /// <summary>The process id.</summary>
    public int Id => process.Id;

    /// <summary>True once it exited.</summary>
    public bool HasExited => process.HasExited;

    /// <summary>Its exit code (after it exited).</summary>
    public int ExitCode => process.ExitCode;

    /// <summary>Everything it printed so far.</summary>
    public string Output => process.Output;

    /// <summary>Its output so far, line by line.</summary>
    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    /// <summary>Starts <paramref name="program"/> through <c>env</c>, which adds <paramref name="environment"/> and then execs it (same pid).</summary>
    public static DaemonProcess Start(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        string env = Prerequisites.FindExecutable("env") ?? throw new InvalidOperationException("no 'env' on this machine");
        var argv = environment.Select(kv => $"{kv.Key}={kv.Value}").Append(program).Concat(arguments);
        return new DaemonProcess(Path.GetFileName(program), BackgroundProcess.Start(env, argv));
    }

    /// <summary>
    /// Starts <paramref name="program"/> inside <paramref name="ns"/> (<c>ip netns exec NS env … program</c>, one pid
    /// throughout); disposal SIGKILLs it, and deleting the namespace kills it too.
    /// </summary>
    public static DaemonProcess StartIn(NetworkNamespace ns, string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        string env = Prerequisites.FindExecutable("env") ?? throw new InvalidOperationException("no 'env' on this machine");
        var argv = environment.Select(kv => $"{kv.Key}={kv.Value}").Append(program).Concat(arguments);
        return new DaemonProcess(Path.GetFileName(program), ns.StartProcess(env, [.. argv]));
    }

    /// <summary>How many output lines contain <paramref name="text"/>.</summary>
    public int Count(string text) => Lines.Count(l => l.Contains(text, StringComparison.Ordinal));

    /// <summary>
    /// Waits until at least <paramref name="occurrences"/> output lines contain <paramref name="text"/> and returns the
    /// last of them; fails the test with the output so far when <paramref name="timeout"/> passes or the process exits first.
    /// </summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan timeout, int occurrences = 1)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            string[] matching = Lines.Where(l => l.Contains(text, StringComparison.Ordinal)).ToArray();
            if (matching.Length >= occurrences)
                return matching[^1];
            if (process.HasExited)
                Assert.Fail($"{Name} exited ({process.ExitCode}) before printing '{text}' ×{occurrences}; output:\n{Output}");
            if (clock.Elapsed > timeout)
                Assert.Fail($"{Name} did not print '{text}' ×{occurrences} within {timeout.TotalSeconds} s; output:\n{Output}");
            await Task.Delay(Poll).ConfigureAwait(false);
        }
    }

    /// <summary>Waits for the process to exit by itself; false when <paramref name="timeout"/> passed first.</summary>
    public Task<bool> WaitForExitAsync(TimeSpan timeout) => process.WaitForExitAsync(timeout);

    /// <summary>Sends it <paramref name="signal"/> (<c>kill -HUP PID</c>, as an admin or systemd's <c>ExecReload</c> does).</summary>
    public async Task SignalAsync(string signal)
    {
        string kill = Prerequisites.FindExecutable("kill") ?? "/bin/kill";
        var run = await ProgramRun.RunAsync(kill, [$"-{signal}", $"{Id}"], TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        Assert.That(run.ExitCode, Is.EqualTo(0), $"kill -{signal} {Id}");
    }

    /// <summary>
    /// SIGSTOPs it and waits until every one of its threads is stopped. <c>kill</c> returns once the signal is posted: a
    /// thread blocked in a receive wakes to take it, and on a busy machine it may first read a datagram that arrived
    /// meanwhile, so a test that queues traffic for a stopped process waits for the stop itself.
    /// </summary>
    public async Task FreezeAsync(TimeSpan timeout)
    {
        await SignalAsync("STOP").ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        while (!AllThreadsStopped())
        {
            if (clock.Elapsed > timeout) Assert.Fail($"{Name} ({Id}) not stopped {timeout.TotalSeconds} s after SIGSTOP");
            await Task.Delay(Poll).ConfigureAwait(false);
        }
    }

    // /proc/PID/task/TID/stat: "TID (comm) S ...", the state after the last ')' (comm may hold spaces and parentheses).
    private bool AllThreadsStopped()
    {
        foreach (string task in Directory.EnumerateDirectories($"/proc/{Id}/task"))
        {
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(task, "stat"));
            }
            catch (IOException)
            {
                continue; // the thread ended
            }
            int close = stat.LastIndexOf(')');
            if (close < 0 || close + 2 >= stat.Length || stat[close + 2] is not ('T' or 't')) return false;
        }
        return true;
    }

    /// <summary>SIGKILLs it (idempotent): <c>kill -9</c>, no chance to flush or clean up.</summary>
    public ValueTask KillAsync() => process.DisposeAsync();

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => process.DisposeAsync();
}
