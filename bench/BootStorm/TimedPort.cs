using System.Diagnostics;
using IPoIBDhcp.Engine;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Bench.BootStorm;

/// <summary>
/// A head-node port with the time its sends take recorded. On the in-process fabric a send delivers the frame
/// to every receiving port before it returns, so for a partition broadcast this includes the switch's
/// delivery to every port whose filter passes it, paid on the server's side.
/// </summary>
internal sealed class TimedPort(IDatagramPort inner) : IDrainableDatagramPort
{
    private long sends, ticks;

    public long Sends => Interlocked.Read(ref sends);

    public TimeSpan SendTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref ticks));

    public IDatagramPort Inner => inner;

    public string Name => inner.Name;
    public LinkType LinkType => inner.LinkType;
    public LinkAddress LinkAddress => inner.LinkAddress;
    public LinkAddress BroadcastAddress => inner.BroadcastAddress;
    public PKey? PKey => inner.PKey;
    public int Mtu => inner.Mtu;
    public bool HasCarrier => inner.HasCarrier;
    public PortCapabilities Capabilities => inner.Capabilities;
    public IPv4Address? LocalAddress => inner.LocalAddress;
    public void AssignLocalAddress(IPv4Address? address) => inner.AssignLocalAddress(address);
    public PortCounters Counters => inner.Counters;

    public async ValueTask SendAsync(ReadOnlyMemory<byte> payload, DatagramEndpoints endpoints, LinkTarget target, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        await inner.SendAsync(payload, endpoints, target, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref ticks, Stopwatch.GetTimestamp() - start);
        Interlocked.Increment(ref sends);
    }

    public ValueTask<ReceivedDatagram> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) => inner.ReceiveAsync(buffer, cancellationToken);

    /// <summary>The inner port's queue, as the server reads it when it falls behind (every fabric port has one).</summary>
    public bool TryReceive(Span<byte> buffer, out ReceivedDatagram datagram)
    {
        if (inner is IDrainableDatagramPort drainable) return drainable.TryReceive(buffer, out datagram);
        datagram = default;
        return false;
    }

    public bool MayHaveQueued => inner is IDrainableDatagramPort { MayHaveQueued: true };

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
