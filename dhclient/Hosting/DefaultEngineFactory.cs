using IPoIBDhcp.Engine;
using IPoIBDhcp.Engine.Fabric;
using IPoIBDhcp.Engine.PacketSocket;

namespace IPoIBDhcp.Client.Hosting;

/// <summary>
/// THE single place where dhclient constructs a real engine. Everything else is written against
/// <see cref="IDatagramEngine"/>/<see cref="IDatagramPort"/>.
/// </summary>
/// <remarks>
/// Mapping: <c>--fabric FILE</c> (or <c>IPOIBDHCP_FABRIC</c>) → the emulated fabric, as the host that
/// <c>IPOIBDHCP_FABRIC_HOST</c> names; otherwise AF_PACKET on the real interface. <c>-s SERVER</c> keeps the
/// interface's engine: requests go to the server's address, through the link address learned from its
/// replies where the port cannot route (see DhcpClientRunner).
/// </remarks>
public sealed class DefaultEngineFactory : IEngineFactory
{
    /// <inheritdoc/>
    public IDatagramEngine Create(EngineSelection selection)
    {
        if (FabricEngine.ResolveConfigPath(selection.FabricFile) is { } fabric) return FabricEngine.Load(fabric);
        return new PacketSocketEngine();
    }
}
