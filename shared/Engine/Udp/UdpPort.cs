using IPoIBDhcp.Engine.Linux;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Ip;

namespace IPoIBDhcp.Engine.Udp;

/// <summary>
/// A bound UDP socket as an <see cref="IDatagramPort"/>. Receives use the .NET 8+
/// <see cref="Socket.ReceiveFromAsync(Memory{byte}, SocketFlags, SocketAddress, CancellationToken)"/> overload with
/// a reused <see cref="SocketAddress"/>, and sends a cached <see cref="SocketAddress"/> per destination, so neither
/// path allocates an <see cref="IPEndPoint"/> per datagram.
/// </summary>
public sealed class UdpPort : IBlockingDatagramPort, IDrainableDatagramPort
{
    private const int MaxCachedDestinations = 1024;

    private readonly Socket socket;
    /// <summary>Largest UDP payload IPv4 can carry: a receive buffer this big can never truncate.</summary>
    private const int MaxDatagram = 65507;

    /// <summary>How often a blocked <see cref="Receive"/> wakes to look at its cancellation token.</summary>
    private const int BlockingPollMilliseconds = 250;

    private readonly SocketAddress receiveAddress = new(AddressFamily.InterNetwork);
    private UdpReceiveBatch? batch;
    private readonly byte[] scratch = new byte[MaxDatagram + 1];
    private readonly ConcurrentDictionary<ulong, SocketAddress> destinations = new();
    private int receiving;
    private volatile bool disposed;

    internal UdpPort(Socket socket, int mtu)
    {
        this.socket = socket;
        Mtu = mtu;
        var bound = (IPEndPoint)socket.LocalEndPoint!;
        LocalAddress = IPv4Address.FromIPAddress(bound.Address);
        LocalPort = (ushort)bound.Port;
        Name = UdpInterfaceName.Format(LocalAddress.Value, LocalPort);
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>The bound UDP port (the ephemeral one when 0 was asked for).</summary>
    public ushort LocalPort { get; }

    /// <inheritdoc/>
    public LinkType LinkType => LinkType.None;

    /// <inheritdoc/>
    public LinkAddress LinkAddress => default;

    /// <inheritdoc/>
    public LinkAddress BroadcastAddress => default;

    /// <inheritdoc/>
    public PKey? PKey => null;

    /// <inheritdoc/>
    public int Mtu { get; }

    /// <inheritdoc/>
    public bool HasCarrier => !disposed;

    /// <inheritdoc/>
    public PortCapabilities Capabilities => PortCapabilities.Routed;

    /// <inheritdoc/>
    /// <remarks>The bound address (0.0.0.0 when bound to all): received datagrams report it as their destination.</remarks>
    public IPv4Address? LocalAddress { get; }

    /// <inheritdoc/>
    /// <exception cref="NotSupportedException">Always: a socket's address is the one it is bound to.</exception>
    public void AssignLocalAddress(IPv4Address? address) =>
        throw new NotSupportedException($"{Name}: a UDP socket keeps the address it is bound to (Capabilities has no OwnsAddress)");

    /// <inheritdoc/>
    public PortCounters Counters { get; } = new();

    /// <inheritdoc/>
    /// <remarks>
    /// Only <see cref="LinkTargetKind.Routed"/> is possible; the source in <paramref name="endpoints"/> is the
    /// bound address whatever it says, as the kernel decides it.
    /// </remarks>
    /// <exception cref="NotSupportedException">A link-layer target: this backend has no link layer.</exception>
    public ValueTask SendAsync(ReadOnlyMemory<byte> payload, DatagramEndpoints endpoints, LinkTarget target, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (target.Kind != LinkTargetKind.Routed)
            throw new NotSupportedException("a UDP socket cannot address the link layer (Capabilities has neither LinkBroadcast nor LinkUnicast)");
        if (payload.Length + IPv4UdpCodec.HeadersLength > Mtu)
        {
            Counters.Dropped(DropReason.Mtu);
            return ValueTask.CompletedTask;
        }
        SocketAddress destination = Destination(endpoints.Destination, endpoints.DestinationPort);
        int sent;
        try
        {
            // A synchronous sendto: a datagram is queued or refused at once, with no completion to wait for. Many
            // replies are sent concurrently (one per lease commit), and SendToAsync under that concurrency crashed
            // the process inside the runtime (NullReferenceException in DoOperationSendTo at 20,000 DORA/s).
            sent = socket.SendTo(payload.Span, SocketFlags.None, destination);
        }
        catch (ObjectDisposedException) when (disposed)
        {
            throw new ObjectDisposedException(Name);
        }
        Counters.Sent(sent);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// A datagram larger than <paramref name="buffer"/> is dropped and counted as <see cref="DropReason.Mtu"/>. The
    /// socket would truncate it silently, so a buffer that could be too small is received through the port's
    /// own 64 KiB buffer and copied (one copy of a few hundred bytes, no allocation).
    /// </remarks>
    public async ValueTask<ReceivedDatagram> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        // One reader at a time owns the cached SocketAddress and scratch buffer; a concurrent second reader gets its own.
        bool owner = Interlocked.Exchange(ref receiving, 1) == 0;
        SocketAddress from = owner ? receiveAddress : new SocketAddress(AddressFamily.InterNetwork);
        Memory<byte> target = buffer.Length > MaxDatagram ? buffer : owner ? scratch : new byte[MaxDatagram + 1];
        try
        {
            while (true)
            {
                ObjectDisposedException.ThrowIf(disposed, this);
                int length;
                try
                {
                    length = await socket.ReceiveFromAsync(target, SocketFlags.None, from, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.MessageSize)
                {
                    Counters.Dropped(DropReason.Mtu);
                    continue;
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
                {
                    continue;
                }
                catch (SocketException e) when (disposed && e.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted or SocketError.Shutdown)
                {
                    throw new ObjectDisposedException(Name);
                }
                catch (ObjectDisposedException)
                {
                    throw new ObjectDisposedException(Name);
                }
                if (length > buffer.Length)
                {
                    Counters.Dropped(DropReason.Mtu);
                    continue;
                }
                if (!target.Equals(buffer))
                    target.Span[..length].CopyTo(buffer.Span);
                return Received(length, from);
            }
        }
        finally
        {
            if (owner)
                Volatile.Write(ref receiving, 0);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// A blocking <c>recvmmsg</c> (<see cref="UdpReceiveBatch"/>): it waits for the first datagram within the socket's
    /// receive timeout, so cancellation is seen within 250 ms, and takes whatever else is queued with it; those are
    /// handed out by the next calls (and <see cref="TryReceive"/>) without another system call.
    /// </remarks>
    public ReceivedDatagram Receive(Span<byte> buffer, CancellationToken cancellationToken)
    {
        var batch = BlockingBatch();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ObjectDisposedException.ThrowIf(disposed, this);
            if (TakeBatched(batch, buffer, out var datagram)) return datagram;
            Refill(batch, wait: true);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// For the thread of <see cref="Receive"/>: what its last read took from the queue first, then one <c>recvmmsg</c>
    /// with MSG_DONTWAIT (one system call for up to <see cref="UdpReceiveBatch.Size"/> datagrams).
    /// </remarks>
    public bool TryReceive(Span<byte> buffer, out ReceivedDatagram datagram)
    {
        var batch = BlockingBatch();
        ObjectDisposedException.ThrowIf(disposed, this);
        if (TakeBatched(batch, buffer, out datagram)) return true;
        return Refill(batch, wait: false) && TakeBatched(batch, buffer, out datagram);
    }

    /// <inheritdoc/>
    public bool MayHaveQueued => batch is { } b && (b.HasMore || b.WasFull);

    // The blocking path's batch, made (with the socket's receive timeout) on first use: ports that only receive
    // asynchronously (dhclient's) never pay for its pinned slots.
    private UdpReceiveBatch BlockingBatch()
    {
        if (batch is { } made) return made;
        // SO_RCVTIMEO, struct timeval { 0 s, 250 ms }: a blocking recvmmsg returns EAGAIN when it passes.
        Span<byte> timeout = stackalloc byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(timeout, 0);
        BinaryPrimitives.WriteInt64LittleEndian(timeout[8..], BlockingPollMilliseconds * 1000L);
        socket.SetRawSocketOption(SolSocket, SoReceiveTimeout, timeout);
        return batch = new UdpReceiveBatch(MaxDatagram);
    }

    private const int SolSocket = 1;
    private const int SoReceiveTimeout = 20;

    /// <summary>Reads the socket into <paramref name="batch"/>; false when nothing was queued (or the wait timed out).</summary>
    private bool Refill(UdpReceiveBatch batch, bool wait)
    {
        int n;
        try
        {
            n = batch.Fill(socket.SafeHandle, wait);
        }
        catch (ObjectDisposedException)
        {
            throw new ObjectDisposedException(Name);
        }
        if (n >= 0) return n > 0;
        int error = -n;
        if (error is Libc.EAGAIN or Libc.EINTR or Libc.ECONNREFUSED) return false;
        if (disposed) throw new ObjectDisposedException(Name);
        throw new SocketException(error);
    }

    /// <summary>The next datagram of the batch that fits <paramref name="buffer"/>; longer ones are dropped and counted as MTU drops.</summary>
    private bool TakeBatched(UdpReceiveBatch batch, Span<byte> buffer, out ReceivedDatagram datagram)
    {
        while (batch.TryTake(out var payload, out var source, out bool truncated))
        {
            if (truncated || payload.Length > buffer.Length)
            {
                Counters.Dropped(DropReason.Mtu);
                continue;
            }
            payload.CopyTo(buffer);
            datagram = Received(payload.Length, source);
            return true;
        }
        datagram = default;
        return false;
    }

    private ReceivedDatagram Received(int length, SocketAddress from) => Received(length, from.Buffer.Span);

    private ReceivedDatagram Received(int length, ReadOnlySpan<byte> raw)
    {
        var source = new IPv4Address(BinaryPrimitives.ReadUInt32BigEndian(raw[4..]));
        ushort sourcePort = BinaryPrimitives.ReadUInt16BigEndian(raw[2..]);
        Counters.Received(length);
        return new ReceivedDatagram(
            length,
            new DatagramEndpoints(source, sourcePort, LocalAddress!.Value, LocalPort),
            default,
            null,
            ChecksumStatus.Kernel,
            false);
    }

    private SocketAddress Destination(IPv4Address address, ushort port)
    {
        ulong key = ((ulong)address.Value << 16) | port;
        if (destinations.TryGetValue(key, out SocketAddress? cached))
            return cached;
        if (destinations.Count >= MaxCachedDestinations)
            destinations.Clear();
        return destinations.GetOrAdd(key, static (_, state) => new IPEndPoint(state.Address.ToIPAddress(), state.Port).Serialize(), (Address: address, Port: port));
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        if (!disposed)
        {
            disposed = true;
            socket.Dispose();
        }
        return ValueTask.CompletedTask;
    }
}
