using System.Threading.Channels;
using IPoIBDhcp.Engine;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Tests.Client;

/// <summary>An in-memory port: what the client sends goes to <see cref="Sent"/>, what the test delivers is received.</summary>
internal sealed class FakePort(string name, LinkType linkType, LinkAddress address, int mtu) : IDatagramPort
{
    private readonly Channel<(byte[] Payload, DatagramEndpoints Endpoints)> inbound = Channel.CreateUnbounded<(byte[], DatagramEndpoints)>();

    public Channel<(byte[] Payload, DatagramEndpoints Endpoints, LinkTarget Target)> Sent { get; } =
        Channel.CreateUnbounded<(byte[], DatagramEndpoints, LinkTarget)>();

    public string Name => name;
    public LinkType LinkType => linkType;
    public LinkAddress LinkAddress => address;
    public LinkAddress BroadcastAddress => default;
    public PKey? PKey => null;
    public int Mtu => mtu;
    public bool HasCarrier => true;
    public PortCapabilities Capabilities { get; init; } = PortCapabilities.LinkBroadcast | PortCapabilities.ReceivesUnconfigured | PortCapabilities.Routed;
    public IPv4Address? LocalAddress { get; private set; }
    public PortCounters Counters { get; } = new();

    /// <summary>Like the backends: only a port that declares <see cref="PortCapabilities.OwnsAddress"/> takes an address.</summary>
    public void AssignLocalAddress(IPv4Address? address)
    {
        if (!Capabilities.HasFlag(PortCapabilities.OwnsAddress)) throw new NotSupportedException($"{name} has no OwnsAddress");
        LocalAddress = address;
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> payload, DatagramEndpoints endpoints, LinkTarget target, CancellationToken cancellationToken)
    {
        Counters.Sent(payload.Length);
        Sent.Writer.TryWrite((payload.ToArray(), endpoints, target));
        return ValueTask.CompletedTask;
    }

    public async ValueTask<ReceivedDatagram> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var (payload, endpoints) = await inbound.Reader.ReadAsync(cancellationToken);
        payload.CopyTo(buffer);
        Counters.Received(payload.Length);
        return new ReceivedDatagram(payload.Length, endpoints, default, null, ChecksumStatus.Kernel, endpoints.Destination == IPv4Address.Broadcast);
    }

    public void Deliver(byte[] payload, IPv4Address from) =>
        inbound.Writer.TryWrite((payload, new DatagramEndpoints(from, 67, IPv4Address.Broadcast, 68)));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
