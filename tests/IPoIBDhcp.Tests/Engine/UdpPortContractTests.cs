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
    public Task ABlockingReceiveGetsTheDatagramAndSeesCancellation() => AssertBlockingReceiveAsync();
}
