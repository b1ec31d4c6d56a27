using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Engine.Fabric;
using IPoIBDhcp.Server.Leases.Journal;
using IPoIBDhcp.Server.Allocation;
using IPoIBDhcp.Server.Hosting;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Server.Protocol;

namespace IPoIBDhcp.Bench.BootStorm;

/// <summary>
/// The head node's dhcpd assembled in this process exactly as <see cref="ServerDaemon"/> assembles it
/// (dhcpd.conf parsed and planned, allocator, key resolver, the fsync'd journal with group commit, one
/// <see cref="ServerHost"/> receive loop per partition interface), but on ports of the storm's in-process
/// fabric, with timing wrappers around the store, the ports and the log.
/// </summary>
internal sealed class InProcessServer : IStormServer
{
    private readonly JournalLeaseStore journal;
    private readonly TimedLeaseStore store;
    private readonly DhcpServerCore core;
    private readonly ServerHost host;
    private readonly List<TimedPort> ports;
    private readonly FileLogSink log;
    private readonly CancellationTokenSource stop = new();
    private readonly Task running;
    private ServerFigures? figures;

    private InProcessServer(JournalLeaseStore journal, DhcpServerCore core, List<TimedPort> ports, FileLogSink log)
    {
        this.journal = journal;
        store = new TimedLeaseStore(journal);
        this.core = core;
        this.ports = ports;
        this.log = log;
        host = new ServerHost(core, store, ports, log, TimeProvider.System, ServerCommandLine.DefaultPort);
        running = host.RunAsync(stop.Token);
    }

    public string Description => "in-process (ServerHost + DhcpServerCore + JournalLeaseStore, group commit, fsync)";

    /// <summary>Parses and plans the generated dhcpd.conf, opens the lease journal and the head's ports, and starts serving.</summary>
    public static async Task<InProcessServer> StartAsync(StormLayout layout, FabricEngine engine, FileLogSink log, CancellationToken cancellationToken)
    {
        var parsed = DhcpdConfigParser.Parse(layout.DhcpdConfPath);
        if (!parsed.Success || parsed.Config is null)
            throw new InvalidOperationException("generated dhcpd.conf does not parse:\n" + string.Join('\n', parsed.Diagnostics));
        var plan = ConfigPlanBuilder.Build(parsed.Config);
        var allocator = new AddressAllocator();
        var keys = new ClientKeyResolver();
        var journal = await JournalLeaseStore.OpenAsync(new JournalLeaseStoreOptions(layout.LeasePath)
        {
            CommitDelay = TimeSpan.FromMilliseconds(new JournalSettings().CommitDelayMs),   // dhcpd's default
        }, cancellationToken).ConfigureAwait(false);
        LeaseRecords.Restore(journal.Snapshot(), plan, allocator, keys, TimeProvider.System.GetUtcNow());
        var core = new DhcpServerCore(plan, allocator, keys, log);
        var ports = new List<TimedPort>();
        foreach (var partition in layout.Partitions)
        {
            var port = engine.OpenPort(StormLayout.HeadName, partition.Interface, ServerCommandLine.DefaultPort);
            log.Write(Logging.LogSeverity.Info, $"Listening on {port.Name} {port.LinkType} mtu {port.Mtu} pkey {port.PKey}");
            ports.Add(new TimedPort(port));
        }
        log.Write(Logging.LogSeverity.Info, "Server starting service.");
        return new InProcessServer(journal, core, ports, log);
    }

    public async Task<ServerFigures> StopAsync()
    {
        if (figures is not null) return figures;
        await stop.CancelAsync().ConfigureAwait(false);
        await running.ConfigureAwait(false);
        log.Write(Logging.LogSeverity.Info, "Server shutting down.");
        var journalCounters = journal.Counters;
        long overflows = 0;
        foreach (var p in ports) overflows += ((FabricPort)p.Inner).QueueOverflows;
        figures = new ServerFigures
        {
            Handled = host.HandledCount,
            HandleTime = host.HandleTime,
            Offers = core.Counters.OfferCount,
            Acks = core.Counters.AckCount,
            Naks = core.Counters.NakCount,
            Refused = core.Counters.RefusedCount,
            Exhausted = core.Counters.ExhaustedCount,
            CommitFailures = host.CommitFailureCount,
            RecordsWritten = journalCounters.RecordsWritten,
            Syncs = journalCounters.SyncsPerformed,
            Compactions = journalCounters.Compactions,
            Commits = store.Commits,
            CommitWaitTotal = store.TotalWait,
            CommitWaitMax = store.MaxWait,
            Sends = ports.Sum(p => p.Sends),
            SendTime = TimeSpan.FromTicks(ports.Sum(p => p.SendTime.Ticks)),
            LogLines = log.Lines,
            LogTime = log.WriteTime,
            ReceiveOverflows = overflows,
            ShedRetransmitted = host.Intake.Superseded,
            ShedDiscovers = host.Intake.DiscoversShed,
            ShedOthers = host.Intake.OthersShed,
            BacklogDeepest = host.Intake.Deepest,
        };
        return figures;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        foreach (var p in ports) await p.DisposeAsync().ConfigureAwait(false);
        await journal.DisposeAsync().ConfigureAwait(false);
        stop.Dispose();
    }
}
