using System.Threading.Channels;
using IPoIBDhcp.Client.Config;
using IPoIBDhcp.Client.Leases;
using IPoIBDhcp.Client.Script;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Logging;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Client.Protocol;

/// <summary>
/// Drives a <see cref="DhcpClientMachine"/> on one <see cref="IDatagramPort"/>: a receive loop feeds replies,
/// a <see cref="TimeProvider"/> timer wakes the machine at its deadline, and the machine's effects are carried
/// out (datagrams sent after each step, within a <see cref="TransmitBudget"/>; script, lease file, address
/// hand-off). All timing goes through the time provider, so a test with a manual clock runs days of lease life
/// in milliseconds; waits are sliced to at most an hour, so any deadline up to "never" is safe.
/// </summary>
public sealed class DhcpClientRunner : IClientHost
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);
    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(15);

    private readonly IDatagramPort port;
    private readonly ClientLink link;
    private readonly ClientServices services;
    private readonly TimeProvider time;
    private readonly TransmitBudget budget;
    private readonly List<(byte[] Payload, DatagramEndpoints Endpoints, LinkTarget Target)> pending = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IPv4Address, LinkAddress> linkOf = new();
    private int suppressed;

    /// <summary>Prepares a client for <paramref name="port"/>.</summary>
    public DhcpClientRunner(IDatagramPort port, ClientLink link, ClientSettings settings, ClientMessageBuilder builder,
        ClientServices services, TimeProvider time, Random random, bool oneTry = false)
    {
        this.port = port;
        this.link = link;
        this.services = services;
        this.time = time;
        budget = new TransmitBudget(time);
        Machine = new DhcpClientMachine(link, settings, builder, this, random, oneTry);
    }

    /// <summary>The state machine (for status and tests).</summary>
    public DhcpClientMachine Machine { get; }

    /// <summary>
    /// Runs until the machine finishes (release, stop, <c>-1</c> failure) or <paramref name="cancellationToken"/>
    /// is cancelled; returns the exit status.
    /// </summary>
    public async Task<int> RunAsync(ClientRunMode mode, ClientLease? saved, IEnumerable<ClientLease> fallbacks, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        switch (mode)
        {
            case ClientRunMode.Release:
                Machine.Release(now, saved);
                await FlushAsync(cancellationToken).ConfigureAwait(false);
                return Machine.ExitCode ?? 0;
            case ClientRunMode.Stop:
                Machine.Stop(now, saved);
                return Machine.ExitCode ?? 0;
        }
        var inbox = Channel.CreateUnbounded<(byte[] Payload, IPv4Address Source)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var receiver = ReceiveLoopAsync(inbox.Writer, stop.Token);
        var message = new DhcpMessage();
        try
        {
            Machine.Start(now, saved, fallbacks);
            await FlushAsync(cancellationToken).ConfigureAwait(false);
            while (Machine.ExitCode is null)
            {
                var deadline = Machine.NextDeadline;
                now = time.GetUtcNow();
                if (deadline is { } due && due - now <= TimerSlack)
                {
                    // A timer may fire a little before the wall clock reaches its due time: that counts as due.
                    Machine.OnTimer(now < due ? due : now);
                    await FlushAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }
                var item = await WaitAsync(inbox.Reader, deadline, cancellationToken).ConfigureAwait(false);
                if (item is { } datagram)
                {
                    now = time.GetUtcNow();
                    if (message.TryRead(datagram.Payload, out _)) Machine.OnMessage(message, datagram.Source, now);
                    await FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                // Otherwise the wait ended (the deadline, or one slice of a long wait): the loop looks at the clock again.
            }
            return Machine.ExitCode.Value;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await receiver.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task<(byte[] Payload, IPv4Address Source)?> WaitAsync(ChannelReader<(byte[] Payload, IPv4Address Source)> reader,
        DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        if (reader.TryRead(out var ready)) return ready;
        // A timer cannot wait past ~49.7 days (T1 of a 100-day lease, an infinite one): long waits are cut into
        // slices, each ending with a fresh look at the clock, so a suspended or stepped clock is also caught up.
        var delay = deadline is { } d ? d - time.GetUtcNow() : Timeout.InfiniteTimeSpan;
        if (delay < TimeSpan.Zero) delay = TimeSpan.Zero;
        if (delay > LongestWait) delay = LongestWait;
        using var timer = deadline is null ? new CancellationTokenSource() : new CancellationTokenSource(delay, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        services.Monitor?.Waiting(Machine.State, deadline);
        try
        {
            while (await reader.WaitToReadAsync(linked.Token).ConfigureAwait(false))
            {
                if (reader.TryRead(out var item)) return item;
            }
            // The port stopped delivering: keep the timers going, so leases still renew and expire on time.
            await Task.Delay(Timeout.InfiniteTimeSpan, time, linked.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task ReceiveLoopAsync(ChannelWriter<(byte[] Payload, IPv4Address Source)> writer, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Max(1500, port.Mtu)];
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var received = await port.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (received.Endpoints.DestinationPort != link.ClientPort) continue;
                if (!received.LinkSource.IsEmpty) linkOf[received.Endpoints.Source] = received.LinkSource;
                writer.TryWrite((buffer.AsSpan(0, received.Length).ToArray(), received.Endpoints.Source));
            }
        }
        finally
        {
            writer.TryComplete();
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (pending.Count == 0) return;
        var batch = pending.ToArray();
        pending.Clear();
        foreach (var (payload, endpoints, target) in batch)
        {
            if (!budget.TryTake())
            {
                if (suppressed++ == 0)
                    services.Log.Write(LogSeverity.Warning, $"{link.Name}: more than {TransmitBudget.Burst} messages at once or {TransmitBudget.PerSecond} a second; not sending until the rate drops.");
                continue;
            }
            if (suppressed > 0)
            {
                services.Log.Write(LogSeverity.Warning, $"{link.Name}: {suppressed} messages were not sent (rate limit).");
                suppressed = 0;
            }
            await port.SendAsync(payload, endpoints, Reachable(endpoints, target), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A port without IP routing (a packet socket) reaches a unicast destination through the link address it
    /// last heard that address from, else by link broadcast: servers accept a unicast-addressed request either way.
    /// </summary>
    private LinkTarget Reachable(DatagramEndpoints endpoints, LinkTarget target)
    {
        if (target.Kind != LinkTargetKind.Routed || port.Capabilities.HasFlag(PortCapabilities.Routed)) return target;
        return linkOf.TryGetValue(endpoints.Destination, out var address) ? LinkTarget.To(address) : LinkTarget.Broadcast;
    }

    void IClientHost.Send(ReadOnlyMemory<byte> payload, DatagramEndpoints endpoints, LinkTarget target) =>
        pending.Add((payload.ToArray(), endpoints, target));

    int IClientHost.RunScript(ScriptReason reason, ClientLease? oldLease, ClientLease? newLease)
    {
        int status = services.Script.Run(reason, oldLease, newLease);
        if (status == 0 || reason is not (ScriptReason.Bound or ScriptReason.Renew or ScriptReason.Rebind or ScriptReason.Reboot or ScriptReason.Timeout))
            services.Addresses.Apply(link.Name, reason, oldLease, newLease);
        return status;
    }

    void IClientHost.RecordLease(ClientLease lease) => services.Leases.Record(lease);

    void IClientHost.Log(string line) => services.Log.Write(LogSeverity.Info, line);
}
