using System.Globalization;

namespace IPoIBDhcp.Bench.BootStorm;

/// <summary>Entry point of <c>bootstorm</c>: a boot storm on the emulated fabric, no InfiniBand hardware needed.</summary>
public static class Program
{
    /// <summary>Runs one storm; exit 0 when every node bound and no address changed, 1 otherwise, 2 on a usage error.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (!StormOptions.TryParse(args, out var options, out var error))
        {
            if (error.Length > 0) await Console.Error.WriteLineAsync($"bootstorm: {error}");
            await Console.Error.WriteLineAsync(StormOptions.Usage);
            return error.Length > 0 ? 2 : 0;
        }
        string directory = options.OutDirectory
            ?? Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"bootstorm-{DateTime.Now:yyyyMMdd-HHmmss}-{Environment.ProcessId}"));
        await Console.Error.WriteLineAsync($"bootstorm: {options.Nodes} nodes, files in {Path.GetFullPath(directory)}");
        using var interrupt = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            interrupt.Cancel();
        };
        var runner = new StormRunner(options, Console.Error);
        var result = await runner.RunAsync(directory, interrupt.Token);
        string command = "bootstorm " + string.Join(' ', args);
        string summary = StormReport.Summary(result, command);
        Console.Out.Write(summary);
        await File.WriteAllTextAsync(result.Layout.SummaryPath, summary);
        if (options.ResultsFile is { } results)
        {
            ResultsTable.Append(results, StormReport.Row(result, command));
            Console.Out.WriteLine($"  result row       appended to {Path.GetFullPath(results)}");
        }
        return result.Succeeded ? 0 : 1;
    }
}
