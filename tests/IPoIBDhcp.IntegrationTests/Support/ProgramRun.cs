using System.Diagnostics;

namespace IPoIBDhcp.IntegrationTests.Support;

/// <summary>The outcome of a program run to completion: exit code and both output streams, kept apart.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="StandardOutput">What it wrote to stdout.</param>
/// <param name="StandardError">What it wrote to stderr.</param>
/// <param name="Elapsed">Wall time from start to exit.</param>
internal sealed record ProgramRun(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    /// <summary>stderr split into lines, without the trailing empty one.</summary>
    public string[] ErrorLines => StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    /// <summary>
    /// Runs <paramref name="fileName"/> to completion within <paramref name="timeout"/> (killed and reported as a
    /// failure when it overruns), in <paramref name="workingDirectory"/> with <paramref name="environment"/> added.
    /// </summary>
    public static async Task<ProgramRun> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (string argument in arguments)
            info.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            info.Environment[name] = value;

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            Assert.Fail($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish within {timeout.TotalSeconds} s; stderr:\n{await stderr.ConfigureAwait(false)}");
        }

        return new ProgramRun(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false), clock.Elapsed);
    }
}
