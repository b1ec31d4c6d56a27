using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Bench.Cluster;

/// <summary>One completed DORA: when its ACK came (since the run started), from whom, and how long it took.</summary>
internal readonly record struct AckSample(TimeSpan At, IPv4Address Server, TimeSpan Latency);

/// <summary>What an open-loop run produced.</summary>
/// <param name="Discovers">DISCOVERs started.</param>
/// <param name="Acks">Every ACK, in arrival order.</param>
internal sealed record LoadResult(int Discovers, IReadOnlyList<AckSample> Acks);

/// <summary>
/// An open-loop relay agent at 127.0.0.2: starts a new IPoIB client's DORA at a fixed rate, forwards each packet
/// to every target (a relay with one helper address per cluster member), and times DISCOVER → ACK. Like perfdhcp
/// it never retransmits, so a lost exchange counts as a drop; unlike perfdhcp it can address several servers.
/// </summary>
internal sealed class DoraLoad : IDisposable
{
    private static readonly IPv4Address Giaddr = IPv4Address.Parse("127.0.0.2");
    private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint[] targets;
    private readonly ConcurrentDictionary<uint, (ClientIdentifier Id, long Started)> inFlight = new();
    private readonly ConcurrentQueue<AckSample> acks = new();
    private readonly Stopwatch clock = new();
    private readonly uint xidBase = (uint)Random.Shared.Next() & 0x7fff_0000u;

    /// <summary>A relay bound to 127.0.0.2:<paramref name="port"/> sending to <paramref name="servers"/>.</summary>
    public DoraLoad(int port, IEnumerable<IPAddress> servers)
    {
        socket.ReceiveBufferSize = 4 << 20;
        socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), port));
        targets = servers.Select(a => new IPEndPoint(a, port)).ToArray();
    }

    /// <summary>Time since <see cref="RunAsync"/> started.</summary>
    public TimeSpan Now => clock.Elapsed;

    /// <summary>
    /// Starts <paramref name="rate"/> new clients a second for <paramref name="duration"/>, then waits
    /// <paramref name="drain"/> for answers in flight. <paramref name="during"/> runs alongside (a failover).
    /// </summary>
    public async Task<LoadResult> RunAsync(int rate, TimeSpan duration, TimeSpan drain, ulong guidBase, Func<DoraLoad, Task>? during = null)
    {
        using var stop = new CancellationTokenSource();
        clock.Restart();
        var receiver = Task.Run(() => ReceiveAsync(stop.Token));
        var side = during is null ? Task.CompletedTask : Task.Run(() => during(this));
        int started = 0;
        var buffer = new byte[600];
        while (clock.Elapsed < duration)
        {
            int due = (int)(clock.Elapsed.TotalSeconds * rate) - started;
            for (int i = 0; i < due; i++, started++)
            {
                var id = ClientIdentifier.FlexBoot(new PortGuid(guidBase + (ulong)started));
                uint xid = xidBase + (uint)started * 2;
                inFlight[xid] = (id, Stopwatch.GetTimestamp());
                int length = Build(buffer, DhcpMessageType.Discover, xid, id, IPv4Address.Any, IPv4Address.Any);
                await SendAsync(buffer.AsMemory(0, length)).ConfigureAwait(false);
            }
            await Task.Delay(1).ConfigureAwait(false);
        }
        await Task.Delay(drain).ConfigureAwait(false);
        await side.ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await receiver.ConfigureAwait(false);
        var result = new LoadResult(started, [.. acks]);
        acks.Clear();
        inFlight.Clear();
        return result;
    }

    /// <summary>The server that sent the most recent ACK (the leader, in cluster mode), or null before any.</summary>
    public IPAddress? LatestAckSource()
    {
        AckSample? last = null;
        foreach (var ack in acks) last = ack;
        return last?.Server.ToIPAddress();
    }

    /// <inheritdoc/>
    public void Dispose() => socket.Dispose();

    private async Task ReceiveAsync(CancellationToken stop)
    {
        var buffer = new byte[2048];
        var reply = new byte[600];
        var message = new DhcpMessage();
        var any = new IPEndPoint(IPAddress.Any, 0);
        while (!stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (!message.TryRead(buffer.AsSpan(0, received.ReceivedBytes), out _) || message.Op != BootpOpCode.BootReply) continue;
            uint xid = message.TransactionId;
            var from = IPv4Address.FromIPAddress(((IPEndPoint)received.RemoteEndPoint).Address);
            if (message.MessageType == DhcpMessageType.Offer && inFlight.TryRemove(xid, out var client))
            {
                inFlight[xid + 1] = client;
                message.TryGetServerIdentifier(out var serverId);
                int length = Build(reply, DhcpMessageType.Request, xid + 1, client.Id, message.YourAddress, serverId);
                await SendAsync(reply.AsMemory(0, length)).ConfigureAwait(false);
            }
            else if (message.MessageType == DhcpMessageType.Ack && inFlight.TryRemove(xid, out var done))
            {
                acks.Enqueue(new AckSample(clock.Elapsed, from, Stopwatch.GetElapsedTime(done.Started)));
            }
        }
    }

    private async ValueTask SendAsync(ReadOnlyMemory<byte> packet)
    {
        foreach (var target in targets)
            await socket.SendToAsync(packet, SocketFlags.None, target).ConfigureAwait(false);
    }

    private static int Build(byte[] buffer, DhcpMessageType type, uint xid, ClientIdentifier id, IPv4Address requested, IPv4Address server)
    {
        var writer = new DhcpMessageWriter(buffer);
        writer.Op = BootpOpCode.BootRequest;
        writer.HardwareType = HardwareType.InfiniBand;
        writer.Hops = 1;
        writer.TransactionId = xid;
        writer.Flags = 0x8000;
        writer.GatewayAddress = Giaddr;
        writer.WriteMessageType(type);
        writer.WriteOption(DhcpOptionCode.ClientIdentifier, id.Span);
        if (!requested.IsAny) writer.WriteOption(DhcpOptionCode.RequestedAddress, requested);
        if (!server.IsAny) writer.WriteOption(DhcpOptionCode.ServerIdentifier, server);
        return writer.Finish();
    }
}
