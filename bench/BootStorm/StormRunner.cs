using System.Diagnostics;
using IPoIBDhcp.Client.Leases;
using IPoIBDhcp.Engine.Fabric.Config;
using IPoIBDhcp.Engine.Fabric;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Bench.BootStorm;

/// <summary>
/// Runs one boot storm: generates the cluster, starts the head node's dhcpd, powers on every node (each after
/// its seeded jitter) and lets each go FlexBoot → iPXE → OS over its own fabric port, until all are bound, all
/// have finished, or the global timeout ends the storm.
/// </summary>
internal sealed class StormRunner(StormOptions options, TextWriter progressWriter)
{
    private readonly StormCounters counters = new();
    private readonly TimeProvider time = TimeProvider.System;

    /// <summary>The storm's live counters (for tests and the progress line).</summary>
    public StormCounters Counters => counters;

    public async Task<StormResult> RunAsync(string directory, CancellationToken cancellationToken)
    {
        long setupStart = Stopwatch.GetTimestamp();
        double? loadBefore = MachineInfo.LoadAverage();
        var layout = StormLayout.Create(options, directory);
        var definition = FabricConfigParser.Load(layout.FabricPath);
        await using var engine = FabricEngine.Create(definition, new FabricEngineOptions
        {
            Transport = options.DhcpdProcess ? FabricTransport.Loopback : FabricTransport.InProcess,
            HostName = StormLayout.HeadName,
            Seed = options.Seed,
            ReceiveQueueCapacity = options.ReceiveQueue,
            PartitionsPollInterval = TimeSpan.Zero,
        });
        long origin = Stopwatch.GetTimestamp();
        using var log = new FileLogSink(layout.DhcpdLogPath, origin);
        await using IStormServer server = options.DhcpdProcess
            ? await DhcpdProcessServer.StartAsync(layout, options, cancellationToken).ConfigureAwait(false)
            : await InProcessServer.StartAsync(layout, engine, log, cancellationToken).ConfigureAwait(false);
        var setup = Stopwatch.GetElapsedTime(setupStart);

        // Across processes every port open and close rewrites this engine's registry entry (and publishes are not
        // safe to race), so with a dhcpd process each node keeps one port for its whole boot, opened in bulk.
        var preopened = new FabricPort?[layout.Nodes.Length];
        if (options.DhcpdProcess)
        {
            foreach (var p in layout.Partitions)
            {
                var members = layout.Nodes.Where(n => ReferenceEquals(n.Partition, p)).ToList();
                var opened = engine.OpenPorts(members.Select(n => n.Name), p.Interface, 68, StageClient.FilterBeforeStart);
                for (int i = 0; i < members.Count; i++) preopened[members[i].Index] = opened[i];
            }
        }
        var outcomes = new NodeOutcome[layout.Nodes.Length];
        for (int i = 0; i < outcomes.Length; i++) outcomes[i] = new NodeOutcome();
        var schedule = new Random(options.Seed);
        var powerOn = new TimeSpan[outcomes.Length];
        for (int i = 0; i < powerOn.Length; i++) powerOn[i] = TimeSpan.FromMilliseconds(schedule.NextDouble() * options.JitterMilliseconds);

        using var storm = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        storm.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
        using var progressStop = new CancellationTokenSource();
        long stormStart = Stopwatch.GetTimestamp();
        var progress = options.Progress
            ? new ProgressReporter(progressWriter, counters, outcomes.Length, stormStart).RunAsync(progressStop.Token)
            : Task.CompletedTask;

        var gc0 = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
        var pause0 = GC.GetTotalPauseDuration();
        long allocated0 = GC.GetTotalAllocatedBytes();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var tasks = new Task[outcomes.Length];
        for (int i = 0; i < tasks.Length; i++)
            tasks[i] = RunNodeAsync(engine, layout.Nodes[i], preopened[i], outcomes[i], powerOn[i], storm.Token);
        await Task.WhenAll(tasks).ConfigureAwait(false);
        long end = Stopwatch.GetTimestamp();
        bool timedOut = storm.IsCancellationRequested && !cancellationToken.IsCancellationRequested;
        long lastBound = outcomes.Where(o => o.Bound).Select(o => o.BoundAt[2]).DefaultIfEmpty(end).Max();
        bool allBound = outcomes.All(o => o.Bound);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;

        await progressStop.CancelAsync().ConfigureAwait(false);
        await progress.ConfigureAwait(false);
        var figures = await server.StopAsync().ConfigureAwait(false);
        using var self = Process.GetCurrentProcess();
        return new StormResult
        {
            Options = options,
            Layout = layout,
            Nodes = outcomes,
            Server = figures,
            ServerDescription = server.Description,
            Counters = counters,
            Origin = stormStart,
            Elapsed = Stopwatch.GetElapsedTime(stormStart, allBound ? lastBound : end),
            TimedOut = timedOut,
            CpuTime = cpu,
            GcCollections = [GC.CollectionCount(0) - gc0[0], GC.CollectionCount(1) - gc0[1], GC.CollectionCount(2) - gc0[2]],
            GcPause = GC.GetTotalPauseDuration() - pause0,
            AllocatedBytes = GC.GetTotalAllocatedBytes() - allocated0,
            PeakWorkingSet = self.PeakWorkingSet64,
            SetupTime = setup,
            Load = (loadBefore, MachineInfo.LoadAverage()),
        };
    }

    private async Task RunNodeAsync(FabricEngine engine, NodeSpec node, FabricPort? preopened, NodeOutcome outcome, TimeSpan powerOn, CancellationToken cancellationToken)
    {
        BootStage stage = BootStage.FlexBoot;
        try
        {
            if (powerOn > TimeSpan.Zero) await Task.Delay(powerOn, time, cancellationToken).ConfigureAwait(false);
            outcome.PowerOn = Stopwatch.GetTimestamp();
            var random = new Random(unchecked(options.Seed * 1_000_003 + node.Index));
            byte[]? receive = null;
            var message = new DhcpMessage();
            using var timer = new NodeTimer(cancellationToken);
            ClientLease? lease = null;
            for (; stage <= BootStage.Os; stage++)
            {
                if (stage != BootStage.FlexBoot && options.StageDelayMilliseconds > 0)
                    await Task.Delay(TimeSpan.FromMilliseconds(options.StageDelayMilliseconds), time, cancellationToken).ConfigureAwait(false);
                counters.Started(stage);
                // Each stage is its own program with its own queue pair on the HCA port: it opens the
                // interface when it starts and the port closes when it hands over.
                var port = preopened ?? engine.OpenPort(node.Name, node.Partition.Interface, 68, transactionFilter: StageClient.FilterBeforeStart);
                receive ??= new byte[Math.Max(1500, port.Mtu)];
                StageClient client;
                ClientLease? bound;
                try
                {
                    client = new StageClient(stage, port, receive, message, timer, StageProfile.Link(stage, port), StageProfile.Settings(stage, node.Guid),
                        StageProfile.Identity(stage, node.Guid), random, time, counters);
                    bound = await client.RunAsync(stage == BootStage.Os ? lease : null, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    if (preopened is null) await port.DisposeAsync().ConfigureAwait(false);
                }
                client.Finished();
                outcome.Sends += client.Sends;
                outcome.Retransmissions += client.Retransmissions;
                if (bound is null)
                {
                    outcome.FailedStage = stage;
                    counters.Failed(stage);
                    return;
                }
                outcome.Address[(int)stage] = bound.Address;
                outcome.BoundAt[(int)stage] = Stopwatch.GetTimestamp();
                counters.Bound(stage);
                lease = bound;
            }
        }
        catch (OperationCanceledException)
        {
            outcome.FailedStage = stage;
            counters.Failed(stage);
        }
    }
}
