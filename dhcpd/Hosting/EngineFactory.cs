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

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (fabricEngine is not null) await fabricEngine.DisposeAsync();
    }
}
