using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace IPoIBDhcp.Bench.Cluster;

/// <summary>
/// The servers under test as real dhcpd processes on loopback: one journal server, or three Raft members with
/// their own listen and Raft addresses. All are pinned to CPU 0 (the load generator runs on CPU 1), so the
/// single server and the whole cluster get the same CPU budget.
/// </summary>
internal sealed class ServerSet : IAsyncDisposable
{
    private readonly List<Process?> processes = [];
    private readonly string dhcpd;
    private readonly string work;
    private readonly string config;
    private readonly string[] extra;

    private ServerSet(string dhcpd, string work, string config, IPAddress[] addresses, string[] extra)
    {
        this.dhcpd = dhcpd;
        this.work = work;
        this.config = config;
        this.extra = extra;
        Addresses = addresses;
    }

    /// <summary>Each server's listen address (and server identifier).</summary>
    public IPAddress[] Addresses { get; }

    /// <summary>True for the three-member Raft cluster.</summary>
    public bool IsCluster => Addresses.Length > 1;

    /// <summary>The process of member <paramref name="i"/> (null once killed).</summary>
    public Process? this[int i] => processes[i];

    /// <summary>Starts one journal server (group commit, fsync) or a three-member cluster, and waits until one answers.</summary>
    public static async Task<ServerSet> StartAsync(string dhcpd, string work, string config, int port, bool cluster)
    {
        Directory.CreateDirectory(work);
        IPAddress[] addresses = cluster
            ? [IPAddress.Parse("127.0.0.11"), IPAddress.Parse("127.0.0.12"), IPAddress.Parse("127.0.0.13")]
            : [IPAddress.Parse("127.0.0.21")];
        string[] extra = cluster
            ? ["--LeaseStore=raft", $"--Cluster:Members={string.Join(',', addresses.Select(a => $"{a}:{port + 1}"))}"]
            : ["--Journal:Flush=group"];
        var set = new ServerSet(dhcpd, work, config, addresses, extra);
        for (int i = 0; i < addresses.Length; i++) set.processes.Add(set.Start(i, port));
        return set;
    }

    /// <summary>The sum of user and system CPU time of every server process still running.</summary>
    public TimeSpan CpuTime()
    {
        double ticks = 0;
        foreach (var p in processes)
        {
            if (p is null || p.HasExited) continue;
            try
            {
                var fields = File.ReadAllText($"/proc/{p.Id}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                ticks += double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // exited meanwhile
            }
        }
        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
    }

    /// <summary>SIGKILLs member <paramref name="i"/>.</summary>
    public void Kill(int i)
    {
        processes[i]?.Kill();
        processes[i]?.WaitForExit();
        processes[i] = null;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        for (int i = 0; i < processes.Count; i++)
        {
            if (processes[i] is { HasExited: false } p) Kill(i);
        }
        return ValueTask.CompletedTask;
    }

    private Process Start(int i, int port)
    {
        var address = Addresses[i];
        var info = new ProcessStartInfo("taskset")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            "-c", "0", dhcpd, "-q", "-d", "-cf", config, "-lf", Path.Combine(work, $"server{i}.leases"), "--no-pid",
            "-p", $"{port}", "--listen", $"{address}:{port}", "--LogLevel=warn", .. extra,
            $"--Cluster:Endpoint={address}:{port + 1}", $"--Cluster:Directory={Path.Combine(work, $"member{i}")}",
        ];
        foreach (var a in arguments) info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dhcpd");
        var log = File.CreateText(Path.Combine(work, $"server{i}.log"));
        log.AutoFlush = true;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
