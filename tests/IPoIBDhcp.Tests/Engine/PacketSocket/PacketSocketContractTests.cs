using IPoIBDhcp.Engine;
using IPoIBDhcp.Engine.PacketSocket;
using IPoIBDhcp.Tests.Support;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Tests.Engine.PacketSocket;

/// <summary>
/// The contract over packet sockets: one port on each end of a veth pair in two fresh namespaces
/// (198.18.0.1 and 198.18.0.2, no route out). Broadcast and link unicast to several peers need more
/// than two ends, so they are covered by <see cref="PacketSocketPortTests"/> on the pair instead.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PacketSocketContractTests : DatagramPortContract
{
    private VethPair? pair;

    protected override async Task<(IDatagramPort First, IDatagramPort Second)> OpenPairAsync(CancellationToken cancellationToken)
    {
        Prerequisites.RequireNetworkNamespaces();
        pair = await VethPair.CreateAsync("198.18.0.1/24", "198.18.0.2/24");
        var engine = new PacketSocketEngine();
        var first = await pair.Left.RunAsync(() => engine.Open(pair.LeftInterface, 67));
        var second = await pair.Right.RunAsync(() => engine.Open(pair.RightInterface, 68));
        return (first, second);
    }

    [Test]
    public Task ABlockingReceiveGetsTheDatagramAndSeesCancellation() => AssertBlockingReceiveAsync();

    protected override DatagramEndpoints EndpointsBetween(IDatagramPort from, IDatagramPort to) =>
        new(from.LocalAddress ?? IPv4Address.Any, ((PacketSocketPort)from).LocalPort, to.LocalAddress ?? IPv4Address.Any, ((PacketSocketPort)to).LocalPort);

    protected override async ValueTask TearDownBackendAsync()
    {
        if (pair is not null) await pair.DisposeAsync();
        pair = null;
    }
}
