using IPoIBDhcp.Engine;
using IPoIBDhcp.Engine.PacketSocket;

namespace IPoIBDhcp.Server.Hosting;

/// <summary>
/// The one place where engines are constructed from the command line: <c>--fabric</c> (or
/// <c>IPOIBDHCP_FABRIC</c>) selects the emulated fabric, otherwise interfaces are real (packet
/// sockets); <c>--listen</c> endpoints are UDP sockets.
/// </summary>
public sealed class EngineFactory(string? fabricFile, Func<string, string?> environment)
{
    private readonly string? fabric = fabricFile ?? environment("IPOIBDHCP_FABRIC");
    private IDatagramEngine? packet;

    /// <summary>The engine that serves interface <paramref name="name"/>.</summary>
    public IDatagramEngine ForInterface(string name)
    {
        if (fabric is not null) throw new InvalidOperationException("the emulated fabric engine is not available in this build");
        return packet ??= new PacketSocketEngine();
    }

    /// <summary>The UDP engine for relayed traffic.</summary>
    public IDatagramEngine Udp => throw new InvalidOperationException("the UDP engine is not available in this build");
}
