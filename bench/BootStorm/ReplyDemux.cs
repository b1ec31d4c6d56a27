using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Threading.Channels;
using IPoIBDhcp.Engine.Fabric;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Bench.BootStorm;

/// <summary>
/// <c>--demux</c>: one listening port per partition (host <c>tap</c>, UDP 68) that receives each broadcast reply
/// once and hands it to the node whose transaction it answers, as if every HCA filtered by xid in hardware.
/// The nodes still send from their own ports (own GUID, QPN and link address) but listen on no shared UDP
/// port, so the emulator does not pay the O(nodes²) broadcast fan-out that real nodes pay each on its own
/// CPU: what is left is the server's work. Not what the wire does; a lens on the server.
/// </summary>
internal sealed class ReplyDemux : IAsyncDisposable
{
    private readonly ConcurrentDictionary<uint, Inbox[]> byXid = new();
    private readonly List<FabricPort> taps = [];
    private readonly List<Task> loops = [];
    private readonly CancellationTokenSource stop = new();

    /// <summary>The fabric host whose ports listen for the nodes.</summary>
    public const string TapHost = "tap";

    /// <summary>UDP port the nodes' own ports are bound to in this mode (nothing is sent to it).</summary>
    public const ushort NodePort = 10068;

    public ReplyDemux(FabricEngine engine, StormLayout layout)
    {
        foreach (var p in layout.Partitions)
        {
            var tap = engine.OpenPort(TapHost, p.Interface, 68);
            taps.Add(tap);
            loops.Add(Task.Run(() => LoopAsync(tap, stop.Token)));
        }
    }

    /// <summary>A node's inbox.</summary>
    public Inbox Open() => new(this);

    private async Task LoopAsync(FabricPort tap, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                var d = await tap.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (d.Length < BootpFieldLocations.Xid + 4) continue;
                uint xid = BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(BootpFieldLocations.Xid));
                if (!byXid.TryGetValue(xid, out var inboxes)) continue;
                var copy = buffer.AsSpan(0, d.Length).ToArray();
                foreach (var inbox in inboxes) inbox.Post(copy, d.Endpoints.Source);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Add(uint xid, Inbox inbox) =>
        byXid.AddOrUpdate(xid, static (_, i) => [i], static (_, old, i) => [.. old, i], inbox);

    private void Remove(uint xid, Inbox inbox)
    {
        while (byXid.TryGetValue(xid, out var old))
        {
            var rest = old.Where(i => !ReferenceEquals(i, inbox)).ToArray();
            bool done = rest.Length == 0
                ? byXid.TryRemove(new KeyValuePair<uint, Inbox[]>(xid, old))
                : byXid.TryUpdate(xid, rest, old);
            if (done) return;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(loops).ConfigureAwait(false);
        foreach (var t in taps) await t.DisposeAsync().ConfigureAwait(false);
        stop.Dispose();
    }

    /// <summary>One node stage's replies, routed here by xid.</summary>
    internal sealed class Inbox(ReplyDemux owner) : IReplySource, IDisposable
    {
        private readonly Channel<(byte[] Payload, IPv4Address Source)> channel =
            Channel.CreateUnbounded<(byte[], IPv4Address)>(new UnboundedChannelOptions { SingleReader = true });
        private uint? watched;

        public void Post(byte[] payload, IPv4Address source) => channel.Writer.TryWrite((payload, source));

        public async ValueTask<(int Length, IPv4Address Source)> ReceiveAsync(byte[] buffer, CancellationToken cancellationToken)
        {
            var (payload, source) = await channel.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            int length = Math.Min(payload.Length, buffer.Length);
            payload.AsSpan(0, length).CopyTo(buffer);
            return (length, source);
        }

        public void Watch(uint xid)
        {
            if (watched == xid) return;
            if (watched is { } old) owner.Remove(old, this);
            watched = xid;
            owner.Add(xid, this);
        }

        public void Dispose()
        {
            if (watched is { } old) owner.Remove(old, this);
            watched = null;
        }
    }
}
