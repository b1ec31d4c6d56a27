using System.Diagnostics;

namespace IPoIBDhcp.Tests.Support;

/// <summary>Runs short host commands (<c>ip</c>) with a deadline, failing with their stderr.</summary>
public static class CommandRunner
{
    /// <summary>Default deadline for one plumbing command.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Runs <paramref name="fileName"/> and returns its stdout; throws when it fails or overruns.</summary>
    public static async Task<string> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan? timeout = null, bool check = true)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        Task<string> stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish in time");
        }

        string output = await stdout.ConfigureAwait(false);
        string error = await stderr.ConfigureAwait(false);
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', info.ArgumentList)} exited {process.ExitCode}: {error.Trim()}");
        }

        return output;
    }

    /// <summary>Runs <c>ip</c> with <paramref name="arguments"/>.</summary>
    public static Task<string> IpAsync(params string[] arguments) => RunAsync("ip", arguments);
}
