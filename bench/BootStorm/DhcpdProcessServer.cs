using System.Diagnostics;
using IPoIBDhcp.Engine.Fabric;

namespace IPoIBDhcp.Bench.BootStorm;

/// <summary>
/// The real <c>dhcpd</c> binary as the head node, in its own process, joined to the storm's fabric over the
/// loopback transport (127.0.0.0/8 only): <c>dhcpd -d -f -q --no-pid --fabric fabric.conf -cf dhcpd.conf -lf
/// dhcpd.leases ib0 ib0.8001 ib0.8002</c>, its stderr (the log) into dhcpd.log. Stopped with SIGTERM, as systemd would.
/// </summary>
internal sealed class DhcpdProcessServer : IStormServer
{
    private readonly Process process;
    private readonly Task copy;
    private readonly StormLayout layout;
    private ServerFigures? figures;

    private DhcpdProcessServer(Process process, Task copy, StormLayout layout)
    {
        this.process = process;
        this.copy = copy;
        this.layout = layout;
    }

    public string Description => $"dhcpd process (pid {process.Id}, loopback fabric transport)";

    public static async Task<DhcpdProcessServer> StartAsync(StormLayout layout, StormOptions options, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo { RedirectStandardError = true, RedirectStandardOutput = false, UseShellExecute = false };
        string? path = options.DhcpdPath;
        if (path is null)
        {
            string dll = Path.Combine(AppContext.BaseDirectory, "dhcpd.dll");
            start.FileName = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
            start.ArgumentList.Add(dll);
        }
        else if (path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            start.FileName = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
            start.ArgumentList.Add(path);
        }
        else
        {
            start.FileName = path;
        }
        foreach (var a in new[] { "-d", "-f", "-q", "--no-pid", "--fabric", layout.FabricPath, "-cf", layout.DhcpdConfPath, "-lf", layout.LeasePath })
            start.ArgumentList.Add(a);
        foreach (var p in layout.Partitions) start.ArgumentList.Add(p.Interface);
        start.Environment[FabricEngine.HostEnvironmentVariable] = StormLayout.HeadName;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var copy = CopyLogAsync(process, layout.DhcpdLogPath, ready);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await ready.Task.WaitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new InvalidOperationException($"dhcpd did not start serving within 30 s; see {layout.DhcpdLogPath}");
        }
        return new DhcpdProcessServer(process, copy, layout);
    }

    private static async Task CopyLogAsync(Process process, string path, TaskCompletionSource ready)
    {
        await using var file = new StreamWriter(path);
        while (await process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            await file.WriteLineAsync(line).ConfigureAwait(false);
            if (line.Contains("Server starting service.", StringComparison.Ordinal)) ready.TrySetResult();
        }
        ready.TrySetException(new InvalidOperationException("dhcpd exited before serving"));
    }

    public async Task<ServerFigures> StopAsync()
    {
        if (figures is not null) return figures;
        if (!process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                if (kill is not null) await kill.WaitForExitAsync().ConfigureAwait(false);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
            }
        }
        try
        {
            await copy.ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
        }
        long offers = 0, acks = 0, naks = 0, lines = 0;
        foreach (var line in File.ReadLines(layout.DhcpdLogPath))
        {
            lines++;
            if (line.StartsWith("DHCPOFFER", StringComparison.Ordinal)) offers++;
            else if (line.StartsWith("DHCPACK", StringComparison.Ordinal)) acks++;
            else if (line.StartsWith("DHCPNAK", StringComparison.Ordinal)) naks++;
        }
        figures = new ServerFigures { Offers = offers, Acks = acks, Naks = naks, LogLines = lines };
        return figures;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        process.Dispose();
    }
}
