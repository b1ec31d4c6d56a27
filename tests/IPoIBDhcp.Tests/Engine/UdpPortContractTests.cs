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
}
