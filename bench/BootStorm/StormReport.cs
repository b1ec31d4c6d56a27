using System.Globalization;
using System.Text;

namespace IPoIBDhcp.Bench.BootStorm;

/// <summary>The human summary of a storm (stdout and bootstorm.log) and its one-line result-table row.</summary>
internal static class StormReport
{
    public static string Summary(StormResult r, string command)
    {
        var c = CultureInfo.InvariantCulture;
        var s = r.Server;
        var b = new StringBuilder();
        b.AppendLine(c, $"Boot storm: {r.Options.Nodes} nodes in {r.Layout.Partitions.Count} partition(s) ({string.Join(", ", r.Layout.Partitions.Select(p => $"{p.Interface} P_Key {p.PKey}: {r.Layout.CountIn(p)}"))})");
        b.AppendLine(c, $"  command          {command}");
        b.AppendLine(c, $"  machine          {MachineInfo.Describe()}, load average {Load(r)}");
        b.AppendLine(c, $"  server           {r.ServerDescription}");
        b.AppendLine(c, $"  reply delivery   every reply broadcast to the partition; each node's socket filter passes its own xid only");
        b.AppendLine(c, $"  power-on jitter  {r.Options.JitterMilliseconds} ms, stage delay {r.Options.StageDelayMilliseconds} ms, seed {r.Options.Seed}, timeout {r.Options.TimeoutSeconds} s");
        b.AppendLine();
        b.AppendLine(c, $"  result           {(r.Succeeded ? "OK" : "FAILED")}: {r.BoundCount}/{r.Options.Nodes} bound, {r.UnboundCount} unbound{(r.TimedOut ? " (global timeout)" : "")}");
        b.AppendLine(c, $"  time to all bound {(r.UnboundCount == 0 ? Secs(r.Elapsed) : "not reached (" + Secs(r.Elapsed) + " elapsed)")}");
        b.AppendLine(c, $"  power-on -> OS   {r.Total}");
        b.AppendLine(c, $"  FlexBoot         {r.Stage(BootStage.FlexBoot)}");
        b.AppendLine(c, $"  iPXE             {r.Stage(BootStage.Ipxe)}");
        b.AppendLine(c, $"  OS (dhclient)    {r.Stage(BootStage.Os)}");
        b.AppendLine(c, $"  failed by stage  FlexBoot {r.Counters.FailedCount(BootStage.FlexBoot)}, iPXE {r.Counters.FailedCount(BootStage.Ipxe)}, OS {r.Counters.FailedCount(BootStage.Os)}");
        b.AppendLine(c, $"  requests sent    {r.Sends} ({r.Retransmissions} retransmissions)");
        b.AppendLine(c, $"  address changes  {r.AddressChanges} between stages (must be 0); {r.DuplicateAddresses} addresses held by two nodes (must be 0)");
        b.AppendLine(c, $"  dhcpd            {N(s.Handled)} requests handled, {N(s.Offers)} offers, {N(s.Acks)} acks, {N(s.Naks)} naks, {N(s.Refused)} refused, {N(s.Exhausted)} no free lease, {N(s.CommitFailures)} commit failures");
        b.AppendLine(c, $"  lease file       {N(s.RecordsWritten)} records written in {N(s.Syncs)} fsyncs ({PerSync(s)} per sync), {N(s.Compactions)} compactions");
        b.AppendLine();
        b.AppendLine("  where the time went (wall time summed over concurrent work; 2 cores can hold two of these at once):");
        b.AppendLine(c, $"    server decisions   {T(s.HandleTime)} for {N(s.Handled)} requests ({Per(s.HandleTime, s.Handled)} each, lock wait included)");
        b.AppendLine(c, $"    server sends       {T(s.SendTime)} for {N(s.Sends)} replies ({Per(s.SendTime, s.Sends)} each: the broadcast to the partition, delivered to the ports whose filter passes it)");
        b.AppendLine(c, $"    lease commits      {T(s.CommitWaitTotal)} waited by {N(s.Commits)} ACKs (mean {Per(s.CommitWaitTotal, s.Commits)}, max {T(s.CommitWaitMax)})");
        b.AppendLine(c, $"    dhcpd log          {T(s.LogTime)} for {N(s.LogLines)} lines");
        b.AppendLine(c, $"    node clients       {Secs(r.Counters.ClientTime)} for {r.Counters.ClientDatagrams} datagrams received, {r.Counters.ForeignDatagrams} of them another node's (same xid)");
        b.AppendLine(c, $"    process            {Secs(r.CpuTime)} CPU in {Secs(r.Elapsed)} wall; GC gen0/1/2 {r.GcCollections[0]}/{r.GcCollections[1]}/{r.GcCollections[2]}, pauses {Secs(r.GcPause)}, {r.AllocatedBytes / (1024 * 1024)} MiB allocated");
        b.AppendLine(c, $"    setup              {Secs(r.SetupTime)} (generate and parse configuration, open lease file, start server)");
        b.AppendLine(c, $"    server rx overflow {N(s.ReceiveOverflows)} frames dropped on full head-node receive queues");
        b.AppendLine(c, $"    server backlog     {N(s.ShedRetransmitted)} retransmissions decided once; {N(s.ShedDiscovers)} DISCOVERs and {N(s.ShedOthers)} other requests shed from a full backlog; deepest {N(s.BacklogDeepest)}");
        b.AppendLine(c, $"  peak working set {r.PeakWorkingSet / (1024 * 1024)} MiB");
        b.AppendLine();
        b.AppendLine(c, $"  files            {r.Layout.Directory}");
        b.AppendLine(c, $"    lease file     {r.Layout.LeasePath}");
        b.AppendLine(c, $"    dhcpd log      {r.Layout.DhcpdLogPath}");
        b.AppendLine(c, $"    configuration  {r.Layout.FabricPath}, {Path.GetFileName(r.Layout.PartitionsPath)}, {Path.GetFileName(r.Layout.DhcpdConfPath)}");
        b.AppendLine(c, $"    this summary   {r.Layout.SummaryPath}");
        return b.ToString();
    }

    /// <summary>The markdown row: date | machine | command | nodes | time to all bound | p50 | p99 | max | retransmissions | address changes | syncs | peak WS.</summary>
    public static string Row(StormResult r, string command)
    {
        var c = CultureInfo.InvariantCulture;
        var t = r.Total;
        string all = r.UnboundCount == 0 ? Secs(r.Elapsed) : $"not reached ({r.UnboundCount} unbound)";
        string syncs = r.Server.Syncs is { } n ? $"{n} ({r.Server.RecordsWritten} records)" : "n/a";
        return string.Create(c,
            $"| {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC | {MachineInfo.Describe()}, load {Load(r)} | `{command}` | {r.Options.Nodes} | {all} | {Percentiles.Ms(t.P50)} | {Percentiles.Ms(t.P99)} | {Percentiles.Ms(t.Max)} | {r.Retransmissions} | {r.AddressChanges} | {syncs} | {r.PeakWorkingSet / (1024 * 1024)} MiB |");
    }

    private static string Load(StormResult r) =>
        string.Create(CultureInfo.InvariantCulture, $"{r.Load.Before?.ToString("0.0", CultureInfo.InvariantCulture) ?? "n/a"} -> {r.Load.After?.ToString("0.0", CultureInfo.InvariantCulture) ?? "n/a"}");

    private static string N(long? v) => v is { } x ? x.ToString(CultureInfo.InvariantCulture) : "n/a";

    private static string T(TimeSpan? v) => v is { } x ? Secs(x) : "n/a";

    private static string Secs(TimeSpan t) => t.TotalSeconds.ToString("0.000 s", CultureInfo.InvariantCulture);

    private static string Per(TimeSpan? total, long? count) =>
        total is { } t && count is > 0 ? (t.TotalMilliseconds * 1000 / count.Value).ToString("0.0 us", CultureInfo.InvariantCulture) : "n/a";

    private static string PerSync(ServerFigures s) =>
        s.RecordsWritten is { } r && s.Syncs is > 0 ? ((double)r / s.Syncs.Value).ToString("0.0", CultureInfo.InvariantCulture) : "n/a";
}
