using System.Buffers.Binary;
using System.Diagnostics;
using IPoIBDhcp.Client.Config;
using IPoIBDhcp.Client.Leases;
using IPoIBDhcp.Client.Protocol;
using IPoIBDhcp.Client.Script;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Engine.Fabric;
using IPoIBDhcp.Identity;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Bench.BootStorm;

/// <summary>
/// One boot stage of one node: the real dhclient state machine (<see cref="DhcpClientMachine"/>) on one fabric
/// port, driven until it is bound or gives up. It is a leaner host than <see cref="DhcpClientRunner"/> because a
/// storm runs 100,000 of them: no second receive task or per-datagram copy. Like systemd-networkd's client it
/// attaches a socket filter for the exchange in progress (<see cref="FabricPort.TransactionFilter"/>), so of
/// the replies the server broadcasts to the whole partition (RFC 4390) only its own reach it. Its port is opened
/// with <see cref="FilterBeforeStart"/> in place, so nothing queues before the first xid is drawn.
/// </summary>
internal sealed class StageClient : IClientHost
{
    private readonly FabricPort port;
    private readonly DhcpClientMachine machine;
    private readonly TimeProvider time;
    private readonly StormCounters counters;
    private readonly BootStage stage;
    private readonly byte[] buffer;
    private readonly DhcpMessage message;
    private readonly NodeTimer timer;
    private readonly List<(ReadOnlyMemory<byte> Payload, DatagramEndpoints Endpoints, LinkTarget Target)> pending = new(2);
    private bool inTimer;

    /// <summary>The filter a stage's port is opened with: xid 0, which the client never draws, so nothing passes until it starts.</summary>
    public const uint FilterBeforeStart = 0;

    /// <summary>A stage on <paramref name="port"/>; <paramref name="buffer"/> (at least the port's MTU), <paramref name="message"/> and <paramref name="timer"/> are the node's, shared by its stages, which run one after another.</summary>
    public StageClient(BootStage stage, FabricPort port, byte[] buffer, DhcpMessage message, NodeTimer timer, ClientLink link, ClientSettings settings, ClientIdentifier identity,
        Random random, TimeProvider time, StormCounters counters)
    {
        this.stage = stage;
        this.port = port;
        this.buffer = buffer;
        this.message = message;
        this.timer = timer;
        this.time = time;
        this.counters = counters;
        var builder = new ClientMessageBuilder(link, settings, identity, hostName: null);
        machine = new DhcpClientMachine(link, settings, builder, this, random, oneTry: true);
    }

    /// <summary>Requests sent (first tries and retransmissions).</summary>
    public int Sends { get; private set; }

    /// <summary>Requests sent because a timer ran out (no reply in time).</summary>
    public int Retransmissions { get; private set; }

    /// <summary>Runs the stage; returns the bound lease, or null when the machine gave up or the storm was cancelled.</summary>
    public async Task<ClientLease?> RunAsync(ClientLease? saved, CancellationToken cancellationToken)
    {
        machine.Start(time.GetUtcNow(), saved, []);
        port.TransactionFilter = machine.TransactionId;
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        long busy = 0, received = 0, foreign = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (machine.ExitCode is not null) return null;
                if (machine.State == ClientState.Bound) return machine.Active;
                port.TransactionFilter = machine.TransactionId;
                var now = time.GetUtcNow();
                var deadline = machine.NextDeadline;
                if (deadline is { } due && due <= now)
                {
                    inTimer = true;
                    machine.OnTimer(now);
                    inTimer = false;
                    await FlushAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }
                var wait = timer.Arm(deadline is { } d ? d - now : Timeout.InfiniteTimeSpan);
                ReceivedDatagram datagram;
                try
                {
                    datagram = await port.ReceiveAsync(buffer, wait).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    continue; // the retransmission timer ran out
                }
                long start = Stopwatch.GetTimestamp();
                received++;
                int length = datagram.Length;
                if (length < BootpFieldLocations.Xid + 4 || buffer[BootpFieldLocations.Op] != (byte)BootpOpCode.BootReply
                    || BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(BootpFieldLocations.Xid)) != machine.TransactionId)
                {
                    foreign++;
                    busy += Stopwatch.GetTimestamp() - start;
                    continue;
                }
                if (message.TryRead(buffer.AsSpan(0, length), out _))
                    machine.OnMessage(message, datagram.Endpoints.Source, time.GetUtcNow());
                await FlushAsync(cancellationToken).ConfigureAwait(false);
                busy += Stopwatch.GetTimestamp() - start;
            }
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        finally
        {
            counters.ClientWork(received, foreign, busy);
        }
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        for (int i = 0; i < pending.Count; i++)
        {
            var (payload, endpoints, target) = pending[i];
            await port.SendAsync(payload, endpoints, target, cancellationToken).ConfigureAwait(false);
        }
        pending.Clear();
    }

    void IClientHost.Send(ReadOnlyMemory<byte> payload, DatagramEndpoints endpoints, LinkTarget target)
    {
        Sends++;
        if (inTimer)
        {
            if (Retransmissions++ == 0) counters.Retrying(stage, +1);
        }
        pending.Add((payload, endpoints, target));
    }

    /// <summary>Called when the stage ends, so the progress line stops showing it as retrying.</summary>
    public void Finished()
    {
        if (Retransmissions > 0) counters.Retrying(stage, -1);
    }

    int IClientHost.RunScript(ScriptReason reason, ClientLease? oldLease, ClientLease? newLease) => 0;

    void IClientHost.RecordLease(ClientLease lease)
    {
    }

    void IClientHost.Log(string line)
    {
    }
}
