using System.Diagnostics;
using IPoIBDhcp.Tests.Support;

namespace IPoIBDhcp.IntegrationTests.Support;

/// <summary>
/// A dhclient-script that records each run: the reason and every <c>new_*</c>/<c>old_*</c> variable dhclient set,
/// appended to a log file the test reads back as a list of invocations.
/// </summary>
internal sealed class ScriptLog
{
    private ScriptLog(string scriptPath, string logPath)
    {
        ScriptPath = scriptPath;
        LogPath = logPath;
    }

    /// <summary>The script, for <c>-sf</c>.</summary>
    public string ScriptPath { get; }

    /// <summary>Where the runs are recorded.</summary>
    public string LogPath { get; }

    /// <summary>Writes the recording script into <paramref name="workspace"/>.</summary>
    public static ScriptLog Create(Workspace workspace)
    {
        string env = Prerequisites.FindExecutable("env") ?? throw new InvalidOperationException("no 'env' on this machine");
        string log = workspace.File("script.log");
        string script = workspace.Write("dhclient-script", $$"""
            #!/bin/sh
            # Records one dhclient-script run: a header line, the variables (one per line, sorted), an end line.
            { echo "=== $reason"; {{env}} | grep -E '^(new|old)_' | sort; echo "=== end"; } >> '{{log}}'
            exit 0

            """);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new ScriptLog(script, log);
    }

    /// <summary>Every run so far, in order.</summary>
    public IReadOnlyList<ScriptRun> Runs()
    {
        var runs = new List<ScriptRun>();
        if (!File.Exists(LogPath))
            return runs;
        string? reason = null;
        var variables = new Dictionary<string, string>();
        foreach (string line in File.ReadAllLines(LogPath))
        {
            if (line == "=== end")
            {
                if (reason is not null)
                    runs.Add(new ScriptRun(reason, variables));
                reason = null;
            }
            else if (line.StartsWith("=== ", StringComparison.Ordinal))
            {
                reason = line[4..];
                variables = [];
            }
            else if (line.IndexOf('=', StringComparison.Ordinal) is > 0 and int eq)
            {
                variables[line[..eq]] = line[(eq + 1)..];
            }
        }
        // A run without its end line is still being written: it is not counted yet.
        return runs;
    }

    /// <summary>
    /// Waits for the <paramref name="occurrence"/>-th run with <paramref name="reason"/>; fails with every run so far and
    /// <paramref name="client"/>'s output when <paramref name="timeout"/> passes.
    /// </summary>
    public async Task<ScriptRun> WaitForAsync(string reason, TimeSpan timeout, DaemonProcess client, int occurrence = 1)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var matching = Runs().Where(r => r.Reason == reason).ToArray();
            if (matching.Length >= occurrence)
                return matching[occurrence - 1];
            if (clock.Elapsed > timeout)
                Assert.Fail($"no {reason} #{occurrence} within {timeout.TotalSeconds} s; script runs: {string.Join(", ", Runs().Select(r => r.Reason))}\n{client.Name} output:\n{client.Output}");
            await Task.Delay(50).ConfigureAwait(false);
        }
    }
}
