using IPoIBDhcp.Engine;
using IPoIBDhcp.Engine.Udp;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Tests.Engine;

/// <summary>The contract over real UDP sockets on 127.0.0.1 with ephemeral ports.</summary>
[TestFixture]
public sealed class UdpPortContractTests : DatagramPortContract
{
    private readonly UdpEngine engine = new();

    protected override async Task<(IDatagramPort First, IDatagramPort Second)> OpenPairAsync(CancellationToken cancellationToken) =>
        (await engine.OpenAsync("udp:127.0.0.1:0", 0, cancellationToken), await engine.OpenAsync("udp:127.0.0.1", 0, cancellationToken));

    protected override DatagramEndpoints EndpointsBetween(IDatagramPort from, IDatagramPort to) =>
        new(from.LocalAddress!.Value, ((UdpPort)from).LocalPort, to.LocalAddress!.Value, ((UdpPort)to).LocalPort);

    [Test]
    public async Task ABackendWithoutALinkLayerRefusesLinkTargets()
    {
        using CancellationTokenSource cts = Deadline();
        (IDatagramPort a, IDatagramPort b) = await PairAsync(cts.Token);
        Assert.That(a.Capabilities.HasFlag(PortCapabilities.LinkBroadcast), Is.False);
        Assert.That(async () => await a.SendAsync(new byte[4], EndpointsBetween(a, b), LinkTarget.Broadcast, cts.Token), Throws.InstanceOf<NotSupportedException>());
        Assert.That(a.LinkAddress.IsEmpty, Is.True);
        Assert.That(a.LinkType, Is.EqualTo(LinkType.None));
    }

    [Test]
    public async Task ABlockingReceiveGetsTheDatagramAndSeesCancellation()
    {
        using CancellationTokenSource cts = Deadline();
        (IDatagramPort a, IDatagramPort b) = await PairAsync(cts.Token);
        var receiver = (IBlockingDatagramPort)b;
        var buffer = new byte[2048];
        var got = Task.Run(() => receiver.Receive(buffer, cts.Token), cts.Token);
        await a.SendAsync("offer"u8.ToArray(), EndpointsBetween(a, b), LinkTarget.Routed, cts.Token);
        ReceivedDatagram datagram = await got;
        Assert.That(buffer[..datagram.Length], Is.EqualTo("offer"u8.ToArray()));
        Assert.That(datagram.Endpoints.Source, Is.EqualTo(a.LocalAddress));

        // Nothing to receive: cancellation ends the wait within the 250 ms poll.
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        Assert.That(() => receiver.Receive(buffer, stop.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(System.Diagnostics.Stopwatch.GetElapsedTime(start), Is.LessThan(TimeSpan.FromSeconds(5)));
    }
}
