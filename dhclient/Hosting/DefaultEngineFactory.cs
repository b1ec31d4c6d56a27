using IPoIBDhcp.Engine;

namespace IPoIBDhcp.Client.Hosting;

/// <summary>
/// THE single place where dhclient constructs a real engine. Everything else is written against
/// <see cref="IDatagramEngine"/>/<see cref="IDatagramPort"/>.
/// </summary>
/// <remarks>
/// Mapping: <c>--fabric FILE</c> → IPoIBDhcp.Engine.Fabric.FabricEngine (emulated fabric);
/// <c>-s SERVER</c> without <c>--fabric</c> → IPoIBDhcp.Engine.Udp (unicast UDP to the server);
/// otherwise → IPoIBDhcp.Engine.PacketSocket (AF_PACKET on the real interface).
/// The three backends are built on other branches; until they are merged this factory reports each as
/// not available, and dhclient exits 1 with that message.
/// </remarks>
public sealed class DefaultEngineFactory : IEngineFactory
{
    /// <inheritdoc/>
    public IDatagramEngine Create(EngineSelection selection)
    {
        // MERGE POINT (fabric, UDP and packet-socket engines): construct them here.
        if (selection.FabricFile is not null)
            throw new NotSupportedException($"the emulated fabric engine (--fabric {selection.FabricFile}) is not in this build");
        if (selection.Server is not null)
            throw new NotSupportedException("the UDP engine (-s) is not in this build");
        throw new NotSupportedException("the packet-socket engine (real interfaces) is not in this build; use --fabric");
    }
}
