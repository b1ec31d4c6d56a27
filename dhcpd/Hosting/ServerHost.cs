using IPoIBDhcp.Text;
using System.Buffers;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Server.Hooks;
using IPoIBDhcp.Server.Intake;
using IPoIBDhcp.Server.Leases;
using HookRun = IPoIBDhcp.Server.Hooks.ProgramRun;
using IPoIBDhcp.Logging;
using IPoIBDhcp.Server.Protocol;
using IPoIBDhcp.Server.Threading;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Server.Hosting;

/// <summary>
/// Runs the server on its ports: one receive loop per port, all sharing one protocol core. An ACK is
/// sent only once its lease is durable; the loop does not wait for that, so the fsyncs of many clients
/// in a boot storm are batched by the store's group commit instead of serialising the loop.
/// </summary>
public sealed class ServerHost
{
    private readonly DhcpServerCore core;
    private readonly ILeaseStore store;
    private readonly IReadOnlyList<IDatagramPort> ports;
    private readonly ILogSink log;
    private readonly TimeProvider time;
    private readonly ushort serverPort;
    private readonly Lock epochGate = new();
    private long malformed, pendingCommits, commitFailures, handled, handleTicks, silent, unsendable;
    private long servedEpoch;

    /// <summary>Creates a host.</summary>
    public ServerHost(DhcpServerCore core, ILeaseStore store, IReadOnlyList<IDatagramPort> ports, ILogSink log, TimeProvider time, ushort serverPort)
    {
        this.core = core;
        this.store = store;
        this.ports = ports;
        this.log = log;
        this.time = time;
        this.serverPort = serverPort;
    }

    /// <summary>
    /// ISC's fallback interface: a routed UDP socket on <c>0.0.0.0</c> and the server port, which carries the replies a
    /// port cannot send on its link (to a relay agent's giaddr, behind a packet socket). What it receives is a copy of
    /// what the packet sockets already see (unicast to the server's own addresses), so it is read only to be
    /// discarded, as ISC does on Linux: a relayed request is answered once.
    /// </summary>
    public IDatagramPort? Fallback { get; init; }

    /// <summary>
    /// Replies decided but not sent because neither the port the request came in on nor the fallback can carry their
    /// route (a relay behind a packet socket without a fallback, a link address of the wrong length): counted and logged.
    /// </summary>
    public long UnsendableCount => Interlocked.Read(ref unsendable);

    /// <summary>
    /// Requests each receive loop holds when it falls behind (see <see cref="RequestBacklog"/>): a bound on memory more
    /// than on waiting, since the newest DISCOVERs are decided first whatever waits below them. A boot storm of 10,000
    /// nodes leaves ~5,000 DISCOVERs in one partition's backlog at once; 100,000 nodes ~53,000.
    /// </summary>
    public int BacklogCapacity { get; init; } = 65536;

    /// <summary>What the receive backlogs shed in overload.</summary>
    public IntakeCounters Intake { get; } = new();

    /// <summary>Requests that were not well-formed DHCP messages (counted and dropped).</summary>
    public long MalformedCount => Interlocked.Read(ref malformed);

    /// <summary>Lease commits that failed (the ACK was not sent).</summary>
    public long CommitFailureCount => Interlocked.Read(ref commitFailures);

    /// <summary>
    /// Called (once per change, before the next decision) when the store's <see cref="ILeaseStore.ServingEpoch"/>
    /// moves to a new epoch: the server rebuilds its bindings from the committed leases, because what it held in
    /// memory while it did not lead (offers, leases it did not see) may be stale.
    /// </summary>
    public Action<long>? EpochStarted { get; init; }

    /// <summary>Requests left unanswered because this member may not answer now (it does not lead a quorum).</summary>
    public long SilentCount => Interlocked.Read(ref silent);

    /// <summary>Requests decided by the protocol core (well-formed DHCP messages to the server port).</summary>
    public long HandledCount => Interlocked.Read(ref handled);

    /// <summary>
    /// Wall time spent inside the protocol core's decisions (lock wait included), so a boot-storm profile can
    /// tell deciding apart from the fabric, the lease commits and the log.
    /// </summary>
    public TimeSpan HandleTime => System.Diagnostics.Stopwatch.GetElapsedTime(0, Interlocked.Read(ref handleTicks));

    /// <summary>
    /// Serves until <paramref name="cancellationToken"/> is cancelled, then waits for commits in flight. A port that can
    /// block (<see cref="IBlockingDatagramPort"/>: UDP and packet sockets) gets a thread of its own; the others (the
    /// emulated fabric) an async loop.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // A loop that fails stops the others (see Supervise): a server missing a port must not go on as if whole.
        using var stopAll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cancellationToken = stopAll.Token;
        var loops = ports.Select(p => Supervise(p, p is IBlockingDatagramPort blocking
            ? DedicatedThread.Start("dhcpd " + p.Name, () => BlockingReceiveLoop(blocking, cancellationToken))
            : Task.Run(() => ReceiveLoopAsync(p, cancellationToken), CancellationToken.None), stopAll)).ToList();
        if (Fallback is { } fallback) loops.Add(Supervise(fallback, Task.Run(() => DiscardLoopAsync(fallback, cancellationToken), CancellationToken.None), stopAll));
        var sweep = Hooks is { } hooks ? Task.Run(() => SweepExpiredAsync(hooks, cancellationToken), CancellationToken.None) : Task.CompletedTask;
        try
        {
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        await stopAll.CancelAsync().ConfigureAwait(false);
        await sweep.ConfigureAwait(false);
        while (Interlocked.Read(ref pendingCommits) > 0) await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the programs of hooks' <c>execute</c>s, handed over once their lease is durable and the reply sent; with it,
    /// the host also sweeps expired leases about once a second so <c>on expiry</c> runs when a lease runs out. Null when
    /// dhcpd.conf has no hooks to run (the decisions then carry no programs).
    /// </summary>
    public HookExecutor? Hooks { get; init; }

    /// <summary>Runs <c>on expiry</c> for the leases that ran out, about once a second, until stopped.</summary>
    private async Task SweepExpiredAsync(HookExecutor hooks, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (store.ServingEpoch < 0) continue; // a cluster member that does not lead leaves hooks to the leader
                var runs = core.SweepExpired(time.GetUtcNow());
                if (runs.Count > 0) hooks.Enqueue(runs);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>How ping-check asks whether an address answers (ICMP echo unless a test gives another).</summary>
    public IAddressProbe? Probe { get; init; }

    /// <summary>True when a receive loop failed and the server stopped because of it (dhcpd then exits 1).</summary>
    public bool Failed { get; private set; }

    // A loop that throws (the socket failed, or a bug) ends as one logged line, and the whole server stops cleanly:
    // the commits in flight finish and the daemon exits 1, instead of a stack trace or a port silently gone deaf.
    private async Task Supervise(IDatagramPort port, Task loop, CancellationTokenSource stopAll)
    {
        try
        {
            await loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopAll.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Failed = true;
            if (log.IsEnabled(LogSeverity.Error)) log.Write(LogSeverity.Error, $"receive on {port.Name} failed: {ErrorText.Of(ex)} -- exiting");
            await stopAll.CancelAsync().ConfigureAwait(false);
        }
    }

    private void BlockingReceiveLoop(IBlockingDatagramPort port, CancellationToken cancellationToken)
    {
        var loop = NewLoop(port);
        while (!cancellationToken.IsCancellationRequested)
        {
            if (loop.Backlog.IsEmpty)
            {
                ReceivedDatagram received;
                try
                {
                    received = port.Receive(loop.Receive, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                // A receive that found its datagram already queued (or read several) means the loop is behind: it reads
                // the rest of the queue into the backlog. One that had to wait is keeping up, and skips the backlog and
                // the read that would only find the queue empty (a system call per request).
                bool behind = port is IDrainableDatagramPort { MayHaveQueued: true };
                if (!behind)
                {
                    // Keeping up: decided straight from the receive buffer, as if there were no backlog.
                    ValueTask direct = Process(loop, loop.Receive.AsMemory(0, received.Length), received, cancellationToken);
                    if (!direct.IsCompletedSuccessfully) direct.AsTask().GetAwaiter().GetResult();
                    continue;
                }
                loop.Backlog.Add(loop.Receive.AsSpan(0, received.Length), received);
            }
            Drain(loop);
            if (!loop.Backlog.TryTake(out var entry)) continue;
            try
            {
                ValueTask sent = Process(loop, entry.Datagram, entry.Received, cancellationToken);
                if (!sent.IsCompletedSuccessfully) sent.AsTask().GetAwaiter().GetResult();
            }
            finally
            {
                RequestBacklog.Release(entry);
            }
        }
    }

    private async Task ReceiveLoopAsync(IDatagramPort port, CancellationToken cancellationToken)
    {
        var loop = NewLoop(port);
        while (!cancellationToken.IsCancellationRequested)
        {
            if (loop.Backlog.IsEmpty)
            {
                ReceivedDatagram received;
                try
                {
                    received = await port.ReceiveAsync(loop.Receive, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                // As on a blocking port: a loop that keeps up decides straight from the receive buffer.
                if (port is not IDrainableDatagramPort { MayHaveQueued: true })
                {
                    await Process(loop, loop.Receive.AsMemory(0, received.Length), received, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                loop.Backlog.Add(loop.Receive.AsSpan(0, received.Length), received);
            }
            Drain(loop);
            if (!loop.Backlog.TryTake(out var entry)) continue;
            try
            {
                await Process(loop, entry.Datagram, entry.Received, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                RequestBacklog.Release(entry);
            }
        }
    }

    /// <summary>Most datagrams read from the port's queue before each decision: reading one costs a fraction of deciding one.</summary>
    private const int DrainPerDecision = 16;

    /// <summary>
    /// Moves what the port has queued into the loop's backlog (at most <see cref="DrainPerDecision"/>), so that the next
    /// decision is the one the backlog's order picks, not the kernel's oldest; reports what was shed.
    /// </summary>
    /// <remarks>
    /// A read that finds the queue empty is a system call that returned nothing, so after one the loop decides up to
    /// <see cref="DrainPerDecision"/> requests of its backlog before it looks again (unless its port still holds some it
    /// read before). Without that pause, a server at a few thousand requests a second, whose requests arrive two at a
    /// time, made one empty read per decision: 18,900 of its 35,000 reads in 3 s at 4,000 DORA/s.
    /// </remarks>
    private void Drain(LoopState loop)
    {
        if (loop.Port is not IDrainableDatagramPort drainable) return;
        if (loop.SkipReads > 0 && !drainable.MayHaveQueued)
        {
            loop.SkipReads--;
            return;
        }
        for (int i = 0; i < DrainPerDecision; i++)
        {
            if (!drainable.TryReceive(loop.Receive, out var received))
            {
                loop.SkipReads = DrainPerDecision;
                break;
            }
            loop.Backlog.Add(loop.Receive.AsSpan(0, received.Length), received);
        }
        ReportShedding();
    }

    private LoopState NewLoop(IDatagramPort port) => new(port, serverPort, new RequestBacklog(BacklogCapacity, Intake));

    // At most one line per ShedReportInterval: in a storm the admin learns that dhcpd sheds, and how much, without a line per request.
    private const long ShedReportIntervalMs = 10_000;
    private long shedReported, shedReportedAt = long.MinValue / 2;

    private void ReportShedding()
    {
        long now = Environment.TickCount64;
        if (now - Volatile.Read(ref shedReportedAt) < ShedReportIntervalMs) return;
        long total = Intake.Superseded + Intake.DiscoversShed + Intake.OthersShed;
        if (total == Volatile.Read(ref shedReported)) return;
        long before = Interlocked.Exchange(ref shedReported, total);
        Volatile.Write(ref shedReportedAt, now);
        if (total > before && log.IsEnabled(LogSeverity.Warning))
            log.Write(LogSeverity.Warning, $"overloaded: {total - before} requests shed since the last report (in all: {Intake.Superseded} retransmissions decided once, {Intake.DiscoversShed} DISCOVERs and {Intake.OthersShed} other requests dropped from a full backlog of {BacklogCapacity})");
    }

    /// <summary>Reads the fallback socket and drops what it gets: the packet sockets answer those requests.</summary>
    private async Task DiscardLoopAsync(IDatagramPort port, CancellationToken cancellationToken)
    {
        var buffer = new byte[65536]; // any datagram: a smaller buffer would count the larger ones as MTU drops
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await port.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or ObjectDisposedException)
            {
                // It still sends; unread datagrams are dropped by the kernel once its small buffer is full.
                if (log.IsEnabled(LogSeverity.Error)) log.Write(LogSeverity.Error, $"{port.Name}: receive failed, no longer read: {ErrorText.Of(ex)}");
                return;
            }
        }
    }

    /// <summary>Decodes, decides and answers one datagram; an ACK is handed to the store and sent when durable.</summary>
    private ValueTask Process(LoopState loop, ReadOnlyMemory<byte> request, ReceivedDatagram received, CancellationToken cancellationToken)
    {
        var port = loop.Port;
        var message = loop.Message;
        if (received.Endpoints.DestinationPort != serverPort) return ValueTask.CompletedTask;
        if (!message.TryRead(request.Span, out var error))
        {
            Interlocked.Increment(ref malformed);
            if (log.IsEnabled(LogSeverity.Debug)) log.Write(LogSeverity.Debug, $"malformed packet from {received.Endpoints.Source} via {port.Name} dropped: {error}");
            return ValueTask.CompletedTask;
        }
        long epoch = store.ServingEpoch;
        if (epoch < 0)
        {
            Interlocked.Increment(ref silent);
            return ValueTask.CompletedTask;
        }
        if (epoch != Volatile.Read(ref servedEpoch)) EnterEpoch(epoch);
        var now = time.GetUtcNow();
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        var reply = loop.Reply;
        var decision = core.Handle(message, received, loop.Context, reply, now);
        Interlocked.Add(ref handleTicks, System.Diagnostics.Stopwatch.GetTimestamp() - started);
        Interlocked.Increment(ref handled);
        switch (decision.Kind)
        {
            case DecisionKind.Reply:
                var sent = SendAsync(port, reply.AsMemory(0, decision.ReplyLength), decision.Route, loop.Context, cancellationToken);
                return decision.Runs is { Count: > 0 } runs ? RunAfter(sent, runs) : sent;
            case DecisionKind.PingThenReply:
                byte[] offer = reply.AsSpan(0, decision.ReplyLength).ToArray();
                byte[] asked = request.ToArray();
                Interlocked.Increment(ref pendingCommits);
                _ = PingThenOfferAsync(port, loop.Context, received, asked, offer, decision, cancellationToken);
                break;
            case DecisionKind.CommitThenReply or DecisionKind.CommitOnly:
                var lease = decision.Lease!;
                byte[]? copy = null;
                if (decision.Kind == DecisionKind.CommitThenReply)
                {
                    copy = ArrayPool<byte>.Shared.Rent(decision.ReplyLength);
                    reply.AsSpan(0, decision.ReplyLength).CopyTo(copy);
                }
                Interlocked.Increment(ref pendingCommits);
                _ = CommitThenSendAsync(port, lease, copy, decision.ReplyLength, decision.Route, loop.Context, decision.Runs, cancellationToken);
                break;
        }
        return ValueTask.CompletedTask;
    }

    private void EnterEpoch(long epoch)
    {
        lock (epochGate)
        {
            if (epoch == servedEpoch) return;
            EpochStarted?.Invoke(epoch);
            Volatile.Write(ref servedEpoch, epoch);
        }
    }

    /// <summary>Most addresses one DISCOVER may find answering before the server gives up on it (the client asks again).</summary>
    private const int MaxPingChecks = 4;

    /// <summary>
    /// ping-check: pings the address the OFFER holds, off the receive loop (other clients are decided meanwhile), and
    /// sends the OFFER if nothing answers. If something does, the address is abandoned (recorded in the store) and the
    /// request, kept as bytes, is decided again: a new address, pinged in turn, at most <see cref="MaxPingChecks"/> times.
    /// </summary>
    private async Task PingThenOfferAsync(IDatagramPort port, PortContext context, ReceivedDatagram received, byte[] request, byte[] offer,
        ServerDecision decision, CancellationToken cancellationToken)
    {
        try
        {
            var message = new DhcpMessage();
            byte[] buffer = new byte[65536];
            for (int check = 0; check < MaxPingChecks && decision.Kind == DecisionKind.PingThenReply; check++)
            {
                var ping = decision.Ping!;
                if (Probe is not { } probe || !await probe.AnswersAsync(ping.Address, ping.Timeout, cancellationToken).ConfigureAwait(false))
                {
                    await SendAsync(port, offer.AsMemory(0, decision.ReplyLength), decision.Route, context, cancellationToken).ConfigureAwait(false);
                    core.OfferSent(ping);
                    return;
                }
                if (!message.TryRead(request, out _)) return;
                var abandoned = core.AbandonPinged(message, ping.Address, time.GetUtcNow());
                if (abandoned.Lease is { } record) await store.CommitAsync(record, CancellationToken.None).ConfigureAwait(false);
                decision = core.Handle(message, received, context, buffer, time.GetUtcNow());
                offer = buffer;
            }
            if (decision.Kind == DecisionKind.Reply)
                await SendAsync(port, offer.AsMemory(0, decision.ReplyLength), decision.Route, context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or UnauthorizedAccessException)
        {
            if (log.IsEnabled(LogSeverity.Error)) log.Write(LogSeverity.Error, $"ping-check of {decision.Ping?.Address}: {ErrorText.Of(ex)}");
        }
        finally
        {
            Interlocked.Decrement(ref pendingCommits);
        }
    }

    /// <summary>A reply without a lease to commit (a fixed address's ACK): its hook's programs run once it is sent.</summary>
    private async ValueTask RunAfter(ValueTask sent, IReadOnlyList<HookRun> runs)
    {
        await sent.ConfigureAwait(false);
        Hooks?.Enqueue(runs);
    }

    private async Task CommitThenSendAsync(IDatagramPort port, Lease lease, byte[]? reply, int length, ReplyRoute route, PortContext context,
        IReadOnlyList<HookRun>? runs, CancellationToken cancellationToken)
    {
        try
        {
            await store.CommitAsync(lease, CancellationToken.None).ConfigureAwait(false);
            if (reply is not null) await SendAsync(port, reply.AsMemory(0, length), route, context, cancellationToken).ConfigureAwait(false);
            // Only a durable lease runs its hook's programs, and only after its reply: a program never delays an ACK.
            if (runs is { Count: > 0 }) Hooks?.Enqueue(runs);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or UnauthorizedAccessException)
        {
            Interlocked.Increment(ref commitFailures);
            if (log.IsEnabled(LogSeverity.Error)) log.Write(LogSeverity.Error, $"lease {lease.Address} not committed, ACK withheld: {ErrorText.Of(ex)}");
        }
        finally
        {
            if (reply is not null) ArrayPool<byte>.Shared.Return(reply);
            Interlocked.Decrement(ref pendingCommits);
        }
    }

    /// <summary>
    /// Sends a reply on the port its request came in on, or a routed one on the fallback when that port sends on its
    /// link only (ISC's <c>dhcp_reply</c> sends every giaddr reply through its fallback). A route neither can carry is
    /// counted and logged: one reply lost, never the process.
    /// </summary>
    private async ValueTask SendAsync(IDatagramPort port, ReadOnlyMemory<byte> payload, ReplyRoute route, PortContext context, CancellationToken cancellationToken)
    {
        var source = context.LocalAddress ?? IPv4Address.Any;
        var sender = route.Target.Kind == LinkTargetKind.Routed && !port.Capabilities.HasFlag(PortCapabilities.Routed) && Fallback is { } fallback
            ? fallback // the kernel picks the source address of the route, as for ISC's fallback
            : port;
        if (CannotSend(sender, route.Target) is { } why)
        {
            NotSent(port, route, why);
            return;
        }
        try
        {
            await sender.SendAsync(payload, new DatagramEndpoints(source, serverPort, route.Destination, route.Port), route.Target, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            if (log.IsEnabled(LogSeverity.Error)) log.Write(LogSeverity.Error, $"send to {route.Destination}:{route.Port} via {sender.Name} failed: {ex.Message}");
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException)
        {
            // A backend refused a target its capabilities did not rule out.
            NotSent(port, route, ErrorText.Of(ex));
        }
    }

    /// <summary>Why <paramref name="port"/> cannot send to <paramref name="target"/>, read from its capabilities; null when it can.</summary>
    private static string? CannotSend(IDatagramPort port, LinkTarget target) => target.Kind switch
    {
        LinkTargetKind.Routed when !port.Capabilities.HasFlag(PortCapabilities.Routed) =>
            $"{port.Name} sends on its link only and no fallback socket is open to route it",
        LinkTargetKind.Broadcast when !port.Capabilities.HasFlag(PortCapabilities.LinkBroadcast) =>
            $"{port.Name} cannot broadcast on a link",
        LinkTargetKind.Unicast when !port.Capabilities.HasFlag(PortCapabilities.LinkUnicast) =>
            $"{port.Name} cannot send to a link address",
        LinkTargetKind.Unicast when target.Address.Length != port.LinkAddress.Length =>
            $"a {target.Address.Length}-byte link address is not an address of {port.Name}, whose link addresses have {port.LinkAddress.Length} bytes",
        _ => null,
    };

    private void NotSent(IDatagramPort port, ReplyRoute route, string why)
    {
        Interlocked.Increment(ref unsendable);
        if (log.IsEnabled(LogSeverity.Error)) log.Write(LogSeverity.Error, $"reply to {route.Destination}:{route.Port} ({route.Reason}) via {port.Name} not sent: {why}");
    }

    /// <summary>What one receive loop owns: its port, buffers, decoded message and port context.</summary>
    private sealed class LoopState(IDatagramPort port, ushort serverPort, RequestBacklog backlog)
    {
        public IDatagramPort Port { get; } = port;

        public RequestBacklog Backlog { get; } = backlog;

        public byte[] Receive { get; } = new byte[65536];

        public byte[] Reply { get; } = new byte[65536];

        public DhcpMessage Message { get; } = new();

        public PortContext Context { get; } = new(port.Name, port.LocalAddress, port.Mtu, port.Capabilities, serverPort);

        /// <summary>Decisions left before <see cref="Drain"/> reads the port again, after a read that found it empty.</summary>
        public int SkipReads { get; set; }
    }
}
