using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.IntegrationTests.Support;

/// <summary>
/// Plays any number of DHCP clients (or a relay) from the test process: sends hand-built requests and hands each
/// reply to whoever waits for its xid. One receive loop per transport, so hundreds of concurrent exchanges share
/// one fabric port or one UDP socket. Every wait is bounded; unanswered exchanges return null.
/// </summary>
internal sealed class DhcpTestClient : IAsyncDisposable
{
    private readonly Func<ReadOnlyMemory<byte>, DhcpRoute, CancellationToken, ValueTask> send;
    private readonly ConcurrentDictionary<uint, Channel<DhcpReply>> waiting = new();
    private readonly ConcurrentQueue<DhcpReply> unclaimed = new();
    private readonly ConcurrentQueue<DhcpReply> all = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private readonly IAsyncDisposable transport;

    private DhcpTestClient(Func<ReadOnlyMemory<byte>, DhcpRoute, CancellationToken, ValueTask> send,
        Func<Memory<byte>, CancellationToken, ValueTask<(int Length, DatagramEndpoints Endpoints, bool Broadcast)>> receive,
        IAsyncDisposable transport)
    {
        this.send = send;
        this.transport = transport;
        loop = Task.Run(() => ReceiveLoopAsync(receive));
    }

    /// <summary>Replies nobody waited for (late retransmission answers, other clients' broadcasts).</summary>
    public IReadOnlyCollection<DhcpReply> Unclaimed => unclaimed;

    /// <summary>Every reply received, claimed or not, in arrival order (to count how many servers answered one request).</summary>
    public IReadOnlyCollection<DhcpReply> AllReplies => all;

    /// <summary>A client on an IPoIB port (fabric): client port 68 (serverPort + 1), server port 67 (or dhcpd's <c>-p</c>).</summary>
    public static DhcpTestClient OverPort(IDatagramPort port, ushort serverPort = 67)
    {
        ushort clientPort = (ushort)(serverPort + 1);
        return new DhcpTestClient(
            (payload, route, token) => port.SendAsync(payload,
                new DatagramEndpoints(route.Source, clientPort, route.Destination, serverPort),
                route.Destination == IPv4Address.Broadcast ? LinkTarget.Broadcast : LinkTarget.Routed, token),
            async (buffer, token) =>
            {
                var received = await port.ReceiveAsync(buffer, token).ConfigureAwait(false);
                return (received.Length, received.Endpoints, received.WasLinkBroadcast);
            },
            port);
    }

    /// <summary>
    /// A relay agent on a UDP socket bound to <paramref name="local"/>, forwarding every request to each of
    /// <paramref name="servers"/> (a relay with several helper addresses, as in front of a cluster).
    /// </summary>
    public static DhcpTestClient OverUdp(IPEndPoint local, params IPEndPoint[] servers)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(local);
        return new DhcpTestClient(
            async (payload, _, token) =>
            {
                foreach (var server in servers)
                    await socket.SendToAsync(payload, SocketFlags.None, server, token).ConfigureAwait(false);
            },
            async (buffer, token) =>
            {
                var result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), token).ConfigureAwait(false);
                var from = (IPEndPoint)result.RemoteEndPoint;
                var endpoints = new DatagramEndpoints(IPv4Address.FromIPAddress(from.Address), (ushort)from.Port,
                    IPv4Address.FromIPAddress(local.Address), (ushort)local.Port);
                return (result.ReceivedBytes, endpoints, false);
            },
            new SocketOwner(socket));
    }

    /// <summary>Sends a request that gets no reply (RELEASE, DECLINE).</summary>
    public ValueTask SendAsync(DhcpPacket packet, DhcpRoute route) => send(packet.Build(), route, stop.Token);

    /// <summary>
    /// Sends <paramref name="packet"/> and returns the first reply with its xid; resends after each
    /// <paramref name="interval"/> (a client's retransmission: the first broadcast may precede the server's view
    /// of this port) up to <paramref name="attempts"/> times; null when nothing came.
    /// </summary>
    public async Task<DhcpReply?> ExchangeAsync(DhcpPacket packet, DhcpRoute route, TimeSpan? interval = null, int attempts = 4)
    {
        var replies = Channel.CreateUnbounded<DhcpReply>();
        if (!waiting.TryAdd(packet.TransactionId, replies))
            throw new InvalidOperationException($"xid {packet.TransactionId:x8} is already in flight");
        try
        {
            byte[] bytes = packet.Build();
            for (int attempt = 0; attempt < attempts; attempt++)
            {
                await send(bytes, route, stop.Token).ConfigureAwait(false);
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                deadline.CancelAfter(interval ?? TimeSpan.FromSeconds(1));
                try
                {
                    return await replies.Reader.ReadAsync(deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    // retransmit
                }
            }
            return null;
        }
        finally
        {
            waiting.TryRemove(packet.TransactionId, out _);
        }
    }

    /// <summary>Stops the receive loop and closes the transport.</summary>
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await transport.DisposeAsync().ConfigureAwait(false);
        try
        {
            await loop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or TimeoutException)
        {
        }
        stop.Dispose();
    }

    private async Task ReceiveLoopAsync(Func<Memory<byte>, CancellationToken, ValueTask<(int Length, DatagramEndpoints Endpoints, bool Broadcast)>> receive)
    {
        var buffer = new byte[65536];
        while (!stop.IsCancellationRequested)
        {
            (int length, DatagramEndpoints endpoints, bool broadcast) received;
            try
            {
                received = await receive(buffer, stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            var reply = DhcpReply.TryCreate(buffer.AsSpan(0, received.length), received.endpoints, received.broadcast);
            if (reply is null || reply.Message.Op != BootpOpCode.BootReply)
                continue;
            all.Enqueue(reply);
            if (waiting.TryGetValue(reply.Message.TransactionId, out var channel))
                channel.Writer.TryWrite(reply);
            else
                unclaimed.Enqueue(reply);
        }
    }

    private sealed class SocketOwner(Socket socket) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
