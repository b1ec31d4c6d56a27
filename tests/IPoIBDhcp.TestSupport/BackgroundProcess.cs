using System.Diagnostics;
using System.Text;

namespace IPoIBDhcp.Tests.Support;

/// <summary>
/// A long-running peer (dhclient, dhcpd) started for a test: output is captured for failure messages and
/// disposal kills it, so no test leaves a process behind.
/// </summary>
public sealed class BackgroundProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private int? exitCodeAfterDisposal;
    private bool disposed;

    private BackgroundProcess(Process process)
    {
        this.process = process;
    }

    /// <summary>The process id.</summary>
    public int Id => process.Id;

    /// <summary>True once it exited (always true after disposal, which kills it).</summary>
    public bool HasExited => disposed || process.HasExited;

    /// <summary>Exit code (only after it exited; after disposal, the code it ended with, -1 if unknown).</summary>
    public int ExitCode => disposed ? exitCodeAfterDisposal ?? -1 : process.ExitCode;

    /// <summary>Everything it wrote to stdout and stderr so far, interleaved by line.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/>.</summary>
    public static BackgroundProcess Start(string fileName, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        var started = new BackgroundProcess(process);
        process.OutputDataReceived += (_, e) => started.Append(e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"could not start {fileName}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Waits for exit; false if <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Kills the process (and its children) if it still runs, and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await WaitForExitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // never started or already reaped
        }

        exitCodeAfterDisposal = process.HasExited ? process.ExitCode : null;
        disposed = true;
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
