using IPoIBDhcp.Engine;
using IPoIBDhcp.Engine.Fabric;
using IPoIBDhcp.Engine.PacketSocket;
using IPoIBDhcp.Engine.Udp;

namespace IPoIBDhcp.Server.Hosting;

/// <summary>
/// The one place where engines are constructed from the command line: <c>--fabric</c> (or
/// <c>IPOIBDHCP_FABRIC</c>) selects the emulated fabric, otherwise interfaces are real (packet
/// sockets); <c>--listen</c> endpoints are UDP sockets.
/// </summary>
public sealed class EngineFactory(string? fabricFile, Func<string, string?> environment) : IAsyncDisposable
{
    private readonly string? fabric = fabricFile ?? environment(FabricEngine.ConfigEnvironmentVariable);
    private IDatagramEngine? packet;
    private FabricEngine? fabricEngine;
    private UdpEngine? udp;

    /// <summary>The engine that serves interface <paramref name="name"/>.</summary>
    public IDatagramEngine ForInterface(string name)
    {
        if (fabric is not null) return fabricEngine ??= FabricEngine.Load(fabric);
        return packet ??= new PacketSocketEngine();
    }

    /// <summary>The UDP engine for relayed traffic and unicast renewals.</summary>
    public IDatagramEngine Udp => udp ??= new UdpEngine();

    /// <summary>
    /// Opens ISC's fallback interface: a UDP socket on <c>0.0.0.0:</c><paramref name="serverPort"/> with SO_REUSEADDR,
    /// for the routed replies (to relay agents) of ports that send on their link only. The kernel routes, resolves the
    /// next hop and fragments, so the port enforces no MTU of its own: the reply was sized for the link it came in on.
    /// </summary>
    /// <exception cref="System.Net.Sockets.SocketException">The port cannot be bound (held by a socket without SO_REUSEADDR).</exception>
    public ValueTask<IDatagramPort> OpenFallbackAsync(ushort serverPort, CancellationToken cancellationToken) =>
        new UdpEngine(new UdpEngineOptions { ReuseAddress = true, Mtu = ushort.MaxValue, ReceiveBufferSize = FallbackReceiveBuffer })
            .OpenAsync(UdpInterfaceName.Format(Wire.IPv4Address.Any, serverPort), serverPort, cancellationToken);

    /// <summary>What the fallback socket queues: its datagrams are copies of what the ports receive, read only to be discarded.</summary>
    private const int FallbackReceiveBuffer = 64 * 1024;

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (fabricEngine is not null) await fabricEngine.DisposeAsync();
    }
}
