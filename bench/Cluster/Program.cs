using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using IPoIBDhcp.Bench;
using IPoIBDhcp.Bench.Cluster;

// Cluster mode vs a single server, in one run: relayed DORA rate and latency at a ladder of rates (interleaved
// single, cluster at each rate), then the failover gap after SIGKILLing the leader under load.
// Usage: dotnet run -c Release --project bench/Cluster [-- --rates "250 500 1000 2000 4000" --seconds 5 --failovers 3 --results FILE]
var options = new Dictionary<string, string> { ["rates"] = "250 500 1000 2000 4000", ["seconds"] = "5", ["failovers"] = "3", ["results"] = "" };
for (int i = 0; i + 1 < args.Length; i += 2)
{
    string key = args[i].TrimStart('-');
    if (!options.ContainsKey(key))
    {
        Console.Error.WriteLine($"clusterbench: unknown option {args[i]} (--rates, --seconds, --failovers, --results)");
        return 2;
    }
    options[key] = args[i + 1];
}
int[] rates = options["rates"].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
var seconds = TimeSpan.FromSeconds(double.Parse(options["seconds"], CultureInfo.InvariantCulture));
int failovers = int.Parse(options["failovers"], CultureInfo.InvariantCulture);

string root = AppContext.BaseDirectory;
while (!File.Exists(Path.Combine(root, "IPoIBDhcp.sln"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("run from the repository");
string dhcpd = Path.Combine(root, "artifacts", "bin", "dhcpd", "release", "dhcpd");
if (!File.Exists(dhcpd))
{
    Console.Error.WriteLine($"clusterbench: {dhcpd} is missing: dotnet build -c Release IPoIBDhcp.sln");
    return 1;
}
string results = options["results"].Length > 0 ? options["results"] : Path.Combine(root, "bench", "results", "cluster.md");
// The servers run on CPU 0, this load generator on CPU 1 (all of its threads).
using (var pin = Process.Start(new ProcessStartInfo("taskset", ["-a", "-p", "-c", "1", Environment.ProcessId.ToString(CultureInfo.InvariantCulture)]) { RedirectStandardOutput = true })!)
{
    await pin.StandardOutput.ReadToEndAsync();
    await pin.WaitForExitAsync();
}

string work = Directory.CreateTempSubdirectory("ipoib-clusterbench-").FullName; // /tmp may be tmpfs: the journal's fsync would be free
if (Directory.Exists("/var/tmp")) work = Directory.CreateDirectory(Path.Combine("/var/tmp", Path.GetFileName(work))).FullName;
string config = Path.Combine(work, "dhcpd.conf");
File.WriteAllText(config, """
    authoritative;
    ddns-update-style none;
    default-lease-time 3600;
    max-lease-time 3600;
    shared-network relay {
      subnet 127.0.0.0 netmask 255.0.0.0 { }
      subnet 198.18.0.0 netmask 255.254.0.0 { range 198.18.0.10 198.19.255.250; }
    }
    """);
int port;
using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
{
    probe.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
    port = ((IPEndPoint)probe.LocalEndPoint!).Port;
}

ulong guids = 0x0002_c903_0100_0000UL;
var rows = new List<string>();
var sustained = new Dictionary<string, int> { ["single"] = 0, ["cluster"] = 0 };
foreach (int rate in rates)
{
    foreach (bool cluster in new[] { false, true })
    {
        string kind = cluster ? "cluster" : "single";
        await using var servers = await ServerSet.StartAsync(dhcpd, Path.Combine(work, $"{kind}-{rate}"), config, port, cluster);
        using var load = new DoraLoad(port, servers.Addresses);
        await WarmUpAsync(load, kind);
        var cpu0 = servers.CpuTime();
        var run = await load.RunAsync(rate, seconds, TimeSpan.FromSeconds(2), guids += 1_000_000);
        var cpu = servers.CpuTime() - cpu0;
        var latency = Percentiles.Of(run.Acks.Select(a => a.Latency.TotalMilliseconds).ToArray());
        double drops = run.Discovers == 0 ? 0 : 100.0 * (run.Discovers - run.Acks.Count) / run.Discovers;
        if (drops < 1) sustained[kind] = Math.Max(sustained[kind], rate);
        double perThousand = run.Acks.Count == 0 ? 0 : cpu.TotalSeconds * 1000 / run.Acks.Count;
        string row = string.Create(CultureInfo.InvariantCulture,
            $"| {rate} | {kind} | {run.Discovers} | {run.Acks.Count} | {drops:0.00}% | {latency.P50:0.0} | {latency.P99:0.0} | {latency.Max:0.0} | {cpu.TotalSeconds:0.00} | {perThousand:0.000} |");
        rows.Add(row);
        Console.Error.WriteLine(row);
    }
}

var gaps = new List<(double Gap, int Unanswered, string From, string To)>();
for (int k = 0; k < failovers; k++)
{
    await using var servers = await ServerSet.StartAsync(dhcpd, Path.Combine(work, $"failover-{k}"), config, port, cluster: true);
    using var load = new DoraLoad(port, servers.Addresses);
    await WarmUpAsync(load, "cluster");
    TimeSpan killedAt = TimeSpan.Zero;
    IPAddress? leader = null;
    var run = await load.RunAsync(500, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(2), guids += 1_000_000, async l =>
    {
        await Task.Delay(TimeSpan.FromSeconds(3));
        leader = await LeaderOfLatestAckAsync(l);
        killedAt = l.Now;
        servers.Kill(Array.IndexOf(servers.Addresses, leader));
    });
    var old = IPoIBDhcp.Wire.IPv4Address.FromIPAddress(leader!);
    var next = run.Acks.FirstOrDefault(a => a.At > killedAt && a.Server != old);
    double gap = next.At == TimeSpan.Zero ? double.NaN : (next.At - killedAt).TotalMilliseconds;
    gaps.Add((gap, run.Discovers - run.Acks.Count, leader!.ToString(), next.Server.ToString()));
    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"failover {k + 1}: leader {leader} SIGKILLed; first ACK from {next.Server} after {gap:0} ms; {run.Discovers - run.Acks.Count} of {run.Discovers} DORAs unanswered"));
}

var report = new StringBuilder();
report.AppendLine("# Cluster mode vs a single server");
report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"- date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; machine: {MachineInfo.Describe()}; load average at start {MachineInfo.LoadAverage():0.00}");
report.AppendLine(CultureInfo.InvariantCulture, $"- command: `dotnet run -c Release --project bench/Cluster -- --rates \"{options["rates"]}\" --seconds {seconds.TotalSeconds} --failovers {failovers}`");
report.AppendLine("- servers: the real dhcpd binaries on loopback, all pinned to CPU 0 (the three members of the cluster share it, as the single server has it alone); the load generator on CPU 1");
report.AppendLine("- single: `LeaseStore=journal`, group commit, every batch fsync'd before its ACKs; cluster: `LeaseStore=raft`, 3 members, an ACK only once a majority has the lease in its write-ahead log (DotNext flushes on commit)");
report.AppendLine("- load: an open-loop relay at 127.0.0.2 starting new IPoIB clients (FlexBoot client-ids) at a fixed rate, each packet sent to every server (one helper address per member), no retransmissions; latency is DISCOVER → ACK");
report.AppendLine();
report.AppendLine("| rate/s | servers | DISCOVERs | ACKs | drops | p50 ms | p99 ms | max ms | server CPU s | CPU s per 1000 leases |");
report.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var row in rows) report.AppendLine(row);
report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"Sustained (highest rate with < 1% of DORAs unanswered): single {sustained["single"]}/s, cluster {sustained["cluster"]}/s.");
report.AppendLine();
report.AppendLine("Failover gap: the cluster at 500 DORA/s; 3 s in, the member that sent the latest ACK (the leader) is SIGKILLed; the gap is the time until the first ACK from another member.");
report.AppendLine();
report.AppendLine("| run | killed leader | new leader | gap ms | DORAs unanswered (of 4,000) |");
report.AppendLine("|---:|---|---|---:|---:|");
for (int k = 0; k < gaps.Count; k++) report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {k + 1} | {gaps[k].From} | {gaps[k].To} | {gaps[k].Gap:0} | {gaps[k].Unanswered} |"));
var sorted = gaps.Select(g => g.Gap).Order().ToArray();
if (sorted.Length > 0) report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Median gap {sorted[sorted.Length / 2]:0} ms.");
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(results))!);
File.WriteAllText(results, report.ToString());
Console.WriteLine(report);
Directory.Delete(work, recursive: true);
return 0;

static async Task WarmUpAsync(DoraLoad load, string kind)
{
    // Until some server answers (an election may still be running), then 2 s at 500/s so the JIT is done.
    var clock = Stopwatch.StartNew();
    while ((await load.RunAsync(50, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500), 0x0002_c903_00ff_0000UL + (ulong)clock.ElapsedTicks)).Acks.Count == 0)
    {
        if (clock.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"the {kind} servers never answered");
    }
    await load.RunAsync(500, TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(500), 0x0002_c903_00fe_0000UL + (ulong)clock.ElapsedTicks);
}

static async Task<IPAddress> LeaderOfLatestAckAsync(DoraLoad load)
{
    // The generator records ACKs as they come; the latest one's sender leads right now.
    await Task.Yield();
    return load.LatestAckSource() ?? throw new InvalidOperationException("no ACK yet: nothing leads");
}
