using System.Threading.Channels;
using IPoIBDhcp.Engine;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Tests.Dhcpd.Hosting;

/// <summary>
/// An in-memory server port with the capabilities a test gives it. Like the real backends it throws when asked for a
/// target its capabilities rule out (a packet socket refuses routed sends), so a host that ignores them fails the test.
/// </summary>
internal sealed class ScriptedServerPort(string name, PortCapabilities capabilities, IPv4Address? localAddress, LinkAddress linkAddress) : IDrainableDatagramPort
{
    private readonly Channel<(byte[] Payload, DatagramEndpoints Endpoints, LinkAddress Source)> inbound =
        Channel.CreateUnbounded<(byte[], DatagramEndpoints, LinkAddress)>();

    /// <summary>Everything sent, in order.</summary>
    public Channel<(byte[] Payload, DatagramEndpoints Endpoints, LinkTarget Target)> Sent { get; } =
        Channel.CreateUnbounded<(byte[], DatagramEndpoints, LinkTarget)>();

    /// <summary>Throw this from every send, whatever the capabilities say (a backend that refuses anyway).</summary>
    public Exception? SendFailure { get; init; }

    public string Name => name;
    public LinkType LinkType => linkAddress.IsEmpty ? LinkType.None : LinkType.Ethernet;
    public LinkAddress LinkAddress => linkAddress;
    public LinkAddress BroadcastAddress => default;
    public PKey? PKey => null;
    public int Mtu => 1500;
    public bool HasCarrier => true;
    public PortCapabilities Capabilities => capabilities;
    public IPv4Address? LocalAddress => localAddress;
    public PortCounters Counters { get; } = new();

    public void AssignLocalAddress(IPv4Address? address) => throw new NotSupportedException($"{name}: a server port's address is the host's");

    public ValueTask SendAsync(ReadOnlyMemory<byte> payload, DatagramEndpoints endpoints, LinkTarget target, CancellationToken cancellationToken)
    {
        if (SendFailure is not null) throw SendFailure;
        var needed = target.Kind switch
        {
            LinkTargetKind.Routed => PortCapabilities.Routed,
            LinkTargetKind.Broadcast => PortCapabilities.LinkBroadcast,
            _ => PortCapabilities.LinkUnicast,
        };
        if (!capabilities.HasFlag(needed)) throw new NotSupportedException($"{name} cannot send {target.Kind}");
        if (target.Kind == LinkTargetKind.Unicast && target.Address.Length != linkAddress.Length)
            throw new ArgumentException($"{name}: link addresses are {linkAddress.Length} bytes", nameof(target));
        Counters.Sent(payload.Length);
        Sent.Writer.TryWrite((payload.ToArray(), endpoints, target));
        return ValueTask.CompletedTask;
    }

    public async ValueTask<ReceivedDatagram> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        Accept(await inbound.Reader.ReadAsync(cancellationToken), buffer.Span);

    /// <summary>Like a socket's queue: what was delivered and not yet read is taken at once, oldest first.</summary>
    public bool TryReceive(Span<byte> buffer, out ReceivedDatagram datagram)
    {
        if (!inbound.Reader.TryRead(out var queued))
        {
            Interlocked.Increment(ref emptyReads);
            datagram = default;
            return false;
        }
        datagram = Accept(queued, buffer);
        return true;
    }

    public bool MayHaveQueued => inbound.Reader.Count > 0;

    private int emptyReads;

    /// <summary>Calls of <see cref="TryReceive"/> that found nothing queued: on a socket, a system call that returned nothing.</summary>
    public int EmptyReads => Volatile.Read(ref emptyReads);

    private ReceivedDatagram Accept((byte[] Payload, DatagramEndpoints Endpoints, LinkAddress Source) queued, Span<byte> buffer)
    {
        var (payload, endpoints, source) = queued;
        payload.CopyTo(buffer);
        Counters.Received(payload.Length);
        return new ReceivedDatagram(payload.Length, endpoints, source, null, ChecksumStatus.Kernel, endpoints.Destination == IPv4Address.Broadcast);
    }

    /// <summary>Queues a datagram for the port's reader.</summary>
    public void Deliver(byte[] payload, DatagramEndpoints endpoints, LinkAddress source = default) =>
        inbound.Writer.TryWrite((payload, endpoints, source));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
