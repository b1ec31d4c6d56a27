using IPoIBDhcp.Engine;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Tests.Engine;

/// <summary>
/// What every <see cref="IDatagramPort"/> backend must do, written once. A backend's fixture derives from this
/// class and says how to open two connected ports (and, if it can broadcast, a group); tests that need the link
/// layer live in <see cref="LinkLayerPortContract"/>, so no test is skipped for a capability a backend lacks. Every wait is bounded by <see cref="Timeout"/>.
/// </summary>
public abstract class DatagramPortContract
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly List<IAsyncDisposable> owned = [];

    /// <summary>Opens two ports that can reach each other (disposed by the contract after the test).</summary>
    protected abstract Task<(IDatagramPort First, IDatagramPort Second)> OpenPairAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Opens one sender and <paramref name="receivers"/> receivers on one broadcast domain, all receivers bound
    /// to the UDP port the sender's broadcasts go to. Called only for backends with LinkBroadcast.
    /// </summary>
    protected virtual Task<IReadOnlyList<IDatagramPort>> OpenBroadcastGroupAsync(int receivers, CancellationToken cancellationToken) =>
        throw new NotSupportedException("a backend with LinkBroadcast must override OpenBroadcastGroupAsync");

    /// <summary>The IP endpoints of a datagram from <paramref name="from"/> to <paramref name="to"/>, as the receiver must see them.</summary>
    protected abstract DatagramEndpoints EndpointsBetween(IDatagramPort from, IDatagramPort to);

    /// <summary>Endpoints of a broadcast from <paramref name="from"/> to the receivers' UDP port.</summary>
    protected virtual DatagramEndpoints BroadcastEndpoints(IDatagramPort from, IDatagramPort anyReceiver) =>
        EndpointsBetween(from, anyReceiver) with { Destination = IPv4Address.Broadcast };

    /// <summary>How <paramref name="from"/> addresses <paramref name="to"/>: by link address when it can, else routed.</summary>
    protected virtual LinkTarget TargetFor(IDatagramPort from, IDatagramPort to) =>
        from.Capabilities.HasFlag(PortCapabilities.LinkUnicast) ? LinkTarget.To(to.LinkAddress) : LinkTarget.Routed;

    /// <summary>Whether this backend's ports keep their own IPv4 address (<see cref="PortCapabilities.OwnsAddress"/>): the emulated fabric's do.</summary>
    protected virtual bool KeepsOwnAddress => false;

    /// <summary>Releases what the fixture created besides ports (engines, directories).</summary>
    protected virtual ValueTask TearDownBackendAsync() => ValueTask.CompletedTask;

    /// <summary>Registers something for disposal after the test (ports are registered automatically).</summary>
    protected T Own<T>(T item) where T : IAsyncDisposable
    {
        owned.Add(item);
        return item;
    }

    [TearDown]
    public async Task DisposeOwnedAsync()
    {
        for (int i = owned.Count - 1; i >= 0; i--)
            await owned[i].DisposeAsync();
        owned.Clear();
        await TearDownBackendAsync();
    }

    protected async Task<(IDatagramPort A, IDatagramPort B)> PairAsync(CancellationToken token)
    {
        (IDatagramPort a, IDatagramPort b) = await OpenPairAsync(token);
        Own(a);
        Own(b);
        return (a, b);
    }

    protected async Task<IReadOnlyList<IDatagramPort>> GroupAsync(int receivers, CancellationToken token)
    {
        IReadOnlyList<IDatagramPort> group = await OpenBroadcastGroupAsync(receivers, token);
        foreach (IDatagramPort port in group)
            Own(port);
        return group;
    }

    /// <summary>The backend's capabilities, read from a pair that is closed again so the group can reuse its ports.</summary>
    protected async Task<PortCapabilities> CapabilitiesAsync(CancellationToken token)
    {
        (IDatagramPort a, IDatagramPort b) = await OpenPairAsync(token);
        PortCapabilities capabilities = a.Capabilities;
        await a.DisposeAsync();
        await b.DisposeAsync();
        return capabilities;
    }

    protected static CancellationTokenSource Deadline() => new(Timeout);

    protected static byte[] Payload(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    protected static async Task<(ReceivedDatagram Datagram, byte[] Payload)> ReceiveOneAsync(IDatagramPort port, CancellationToken token)
    {
        var buffer = new byte[Math.Max(port.Mtu, 1)];
        ReceivedDatagram datagram = await port.ReceiveAsync(buffer, token);
        return (datagram, buffer[..datagram.Length]);
    }

    /// <summary>For backends that implement <see cref="IBlockingDatagramPort"/>: the blocking receive sees the datagram and its endpoints, and a cancelled wait ends.</summary>
    protected async Task AssertBlockingReceiveAsync()
    {
        using CancellationTokenSource cts = Deadline();
        (IDatagramPort a, IDatagramPort b) = await PairAsync(cts.Token);
        var receiver = (IBlockingDatagramPort)b;
        var buffer = new byte[b.Mtu];
        var got = Task.Run(() => receiver.Receive(buffer, cts.Token), cts.Token);
        byte[] request = Payload(300, 3);
        await a.SendAsync(request, EndpointsBetween(a, b), TargetFor(a, b), cts.Token);
        ReceivedDatagram datagram = await got;
        Assert.That(buffer[..datagram.Length], Is.EqualTo(request));
        Assert.That(datagram.Endpoints, Is.EqualTo(EndpointsBetween(a, b)));

        // Nothing more to receive: a cancelled wait ends within the port's poll interval.
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        Assert.That(() => receiver.Receive(buffer, stop.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(System.Diagnostics.Stopwatch.GetElapsedTime(started), Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task TryReceiveTakesWhatIsQueuedInOrder_AndSaysAtOnceWhenNothingIs()
    {
        using CancellationTokenSource cts = Deadline();
        (IDatagramPort a, IDatagramPort b) = await PairAsync(cts.Token);
        Assert.That(b, Is.InstanceOf<IDrainableDatagramPort>(), "every backend lets a server read its queue without waiting");
        var drainable = (IDrainableDatagramPort)b;
        var buffer = new byte[b.Mtu];
        Assert.That(drainable.TryReceive(buffer, out _), Is.False, "nothing queued yet");
        byte[][] sent = [Payload(100, 21), Payload(200, 22), Payload(300, 23)];
        foreach (var payload in sent) await a.SendAsync(payload, EndpointsBetween(a, b), TargetFor(a, b), cts.Token);
        var got = new List<byte[]>();
        while (got.Count < sent.Length)
        {
            if (drainable.TryReceive(buffer, out var datagram))
            {
                got.Add(buffer[..datagram.Length]);
                Assert.That(datagram.Endpoints, Is.EqualTo(EndpointsBetween(a, b)));
            }
            else
            {
                await Task.Delay(5, cts.Token); // not delivered yet (a veth hands frames over asynchronously)
            }
        }
        Assert.That(got, Is.EqualTo(sent));
        Assert.That(drainable.TryReceive(buffer, out _), Is.False, "the queue is empty again");
    }

    [Test]
    public async Task AnAddressIsHandedOnlyToAPortThatOwnsIt()
    {
        using CancellationTokenSource cts = Deadline();
        (IDatagramPort a, IDatagramPort b) = await PairAsync(cts.Token);
        Assert.That(b.Capabilities.HasFlag(PortCapabilities.OwnsAddress), Is.EqualTo(KeepsOwnAddress));
        IPv4Address? before = b.LocalAddress;
        if (!KeepsOwnAddress)
        {
            // The address is the kernel's (or the socket's): the port refuses, and keeps reporting what it had.
            Assert.That(() => b.AssignLocalAddress(IPv4Address.Parse("198.18.0.77")), Throws.InstanceOf<NotSupportedException>());
            Assert.That(b.LocalAddress, Is.EqualTo(before));
            return;
        }
        var leased = IPv4Address.Parse("198.18.0.77");
        b.AssignLocalAddress(leased);
        Assert.That(b.LocalAddress, Is.EqualTo(leased));
        // What ip addr add does: a routed datagram to the new address now reaches the port.
        byte[] sent = Payload(64, 11);
        DatagramEndpoints endpoints = EndpointsBetween(a, b) with { Destination = leased };
        await a.SendAsync(sent, endpoints, LinkTarget.Routed, cts.Token);
        (ReceivedDatagram got, byte[] payload) = await ReceiveOneAsync(b, cts.Token);
        Assert.That(payload, Is.EqualTo(sent));
        Assert.That(got.Endpoints.Destination, Is.EqualTo(leased));
        b.AssignLocalAddress(null);
        Assert.That(b.LocalAddress, Is.Null);
    }

    [Test]
    public async Task UnicastRoundTripPreservesEndpointsAndPayload()
    {
        using CancellationTokenSource cts = Deadline();
        (IDatagramPort a, IDatagramPort b) = await PairAsync(cts.Token);
        byte[] request = Payload(300, 1);
        await a.SendAsync(request, EndpointsBetween(a, b), TargetFor(a, b), cts.Token);
        (ReceivedDatagram got, byte[] payload) = await ReceiveOneAsync(b, cts.Token);
        Assert.That(payload, Is.EqualTo(request));
        Assert.That(got.Endpoints, Is.EqualTo(EndpointsBetween(a, b)));
        Assert.That(got.WasLinkBroadcast, Is.False);
        if (b.Capabilities.HasFlag(PortCapabilities.ReportsLinkSource))
            Assert.That(got.LinkSource, Is.EqualTo(a.LinkAddress));

        byte[] reply = Payload(548, 2);
        await b.SendAsync(reply, EndpointsBetween(b, a), TargetFor(b, a), cts.Token);
        (ReceivedDatagram back, byte[] replyPayload) = await ReceiveOneAsync(a, cts.Token);
        Assert.That(replyPayload, Is.EqualTo(reply));
        Assert.That(back.Endpoints, Is.EqualTo(EndpointsBetween(b, a)));
    }

    [Test]
    public async Task PayloadsOfEverySizeUpToTheMtuArriveIntact()
    {
        using CancellationTokenSource cts = Deadline();
        (IDatagramPort a, IDatagramPort b) = await PairAsync(cts.Token);
        int largest = a.Mtu - 28;
        var sizes = Enumerable.Range(1, 64).Concat(Enumerable.Range(0, largest / 61).Select(i => 65 + (i * 61))).Where(s => s < largest).Append(largest).ToList();
        if (largest > 8192)
            sizes = [.. sizes.Where(s => s <= 4096 || s % 7 == 0 || s == largest)]; // 64 KiB loopback: sample the upper range
        foreach (int size in sizes)
        {
            byte[] sent = Payload(size, size);
            await a.SendAsync(sent, EndpointsBetween(a, b), TargetFor(a, b), cts.Token);
            (ReceivedDatagram got, byte[] payload) = await ReceiveOneAsync(b, cts.Token);
            Assert.That(got.Length, Is.EqualTo(size), $"size {size}");
            // SequenceEqual, not Is.EqualTo: NUnit compares collections element by element, far too slow for 64 KiB.
            Assert.That(payload.AsSpan().SequenceEqual(sent), Is.True, $"payload of size {size} differs");
        }
        TestContext.Out.WriteLine($"{sizes.Count} sizes from 1 to {largest}");
    }

    [Test]
    public async Task OversizedSendIsDroppedAndCounted()
    {
        using CancellationTokenSource cts = Deadline();
        (IDatagramPort a, IDatagramPort b) = await PairAsync(cts.Token);
        await a.SendAsync(new byte[a.Mtu - 28 + 1], EndpointsBetween(a, b), TargetFor(a, b), cts.Token);
        Assert.That(a.Counters.DropMtu, Is.EqualTo(1));
        Assert.That(a.Counters.TxPackets, Is.Zero);

        // The next datagram the peer sees is the marker: the oversized one never went out.
        byte[] marker = Payload(10, 3);
        await a.SendAsync(marker, EndpointsBetween(a, b), TargetFor(a, b), cts.Token);
        (_, byte[] payload) = await ReceiveOneAsync(b, cts.Token);
        Assert.That(payload, Is.EqualTo(marker));
    }

    [Test]
    public async Task ADatagramLargerThanTheReceiveBufferIsDroppedNotTruncated()
    {
        using CancellationTokenSource cts = Deadline();
        (IDatagramPort a, IDatagramPort b) = await PairAsync(cts.Token);
        await a.SendAsync(Payload(100, 7), EndpointsBetween(a, b), TargetFor(a, b), cts.Token);
        byte[] small = Payload(5, 8);
        await a.SendAsync(small, EndpointsBetween(a, b), TargetFor(a, b), cts.Token);
        var buffer = new byte[10];
        ReceivedDatagram got = await b.ReceiveAsync(buffer, cts.Token);
        Assert.That(buffer[..got.Length], Is.EqualTo(small));
        Assert.That(b.Counters.DropMtu, Is.EqualTo(1));
        Assert.That(b.Counters.RxPackets, Is.EqualTo(1));
    }

    [Test]
    public async Task CancellingAPendingReceiveThrowsOperationCanceled()
    {
        using CancellationTokenSource cts = Deadline();
        (_, IDatagramPort b) = await PairAsync(cts.Token);
        using var cancel = new CancellationTokenSource();
        ValueTask<ReceivedDatagram> pending = b.ReceiveAsync(new byte[b.Mtu], cancel.Token);
        Assert.That(pending.IsCompleted, Is.False);
        await cancel.CancelAsync();
        Assert.That(async () => await pending, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task DisposeEndsAPendingReceiveAndLaterCalls()
    {
        using CancellationTokenSource cts = Deadline();
        (IDatagramPort a, IDatagramPort b) = await PairAsync(cts.Token);
        ValueTask<ReceivedDatagram> pending = b.ReceiveAsync(new byte[b.Mtu], cts.Token);
        await b.DisposeAsync();
        Assert.That(async () => await pending, Throws.InstanceOf<ObjectDisposedException>());
        Assert.That(async () => await b.ReceiveAsync(new byte[16], cts.Token), Throws.InstanceOf<ObjectDisposedException>());
        Assert.That(async () => await b.SendAsync(new byte[4], EndpointsBetween(b, a), TargetFor(b, a), cts.Token), Throws.InstanceOf<ObjectDisposedException>());
        Assert.That(b.HasCarrier, Is.False);
    }

    [Test]
    public async Task CountersCountPacketsAndBytesBothWays()
    {
        using CancellationTokenSource cts = Deadline();
        (IDatagramPort a, IDatagramPort b) = await PairAsync(cts.Token);
        for (int i = 0; i < 3; i++)
        {
            await a.SendAsync(Payload(100 + i, i), EndpointsBetween(a, b), TargetFor(a, b), cts.Token);
            await ReceiveOneAsync(b, cts.Token);
        }
        await b.SendAsync(Payload(7, 9), EndpointsBetween(b, a), TargetFor(b, a), cts.Token);
        await ReceiveOneAsync(a, cts.Token);

        Assert.That(a.Counters.TxPackets, Is.EqualTo(3));
        Assert.That(a.Counters.TxBytes, Is.EqualTo(303));
        Assert.That(b.Counters.RxPackets, Is.EqualTo(3));
        Assert.That(b.Counters.RxBytes, Is.EqualTo(303));
        Assert.That(b.Counters.TxPackets, Is.EqualTo(1));
        Assert.That(a.Counters.RxBytes, Is.EqualTo(7));
        Assert.That(a.Counters.ToString(), Does.Contain("tx_packets: 3"));
    }

    [Test]
    public async Task ManyConcurrentSendersOnOnePort_AllSendWithoutFault()
    {
        // A server sends each ACK from its own commit continuation: hundreds of sends race on one port. SendToAsync
        // on a shared socket once crashed the process under that load; every send must complete and be counted.
        using CancellationTokenSource cts = Deadline();
        (IDatagramPort a, IDatagramPort b) = await PairAsync(cts.Token);
        const int Senders = 16, Each = 200;
        var payload = Payload(64, 1);
        await Task.WhenAll(Enumerable.Range(0, Senders).Select(_ => Task.Run(async () =>
        {
            for (int i = 0; i < Each; i++) await a.SendAsync(payload, EndpointsBetween(a, b), TargetFor(a, b), cts.Token);
        })));
        Assert.That(a.Counters.TxPackets, Is.EqualTo(Senders * Each));
    }
}
