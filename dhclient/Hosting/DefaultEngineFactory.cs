using IPoIBDhcp.Engine;

namespace IPoIBDhcp.Client.Hosting;

/// <summary>
/// dhclient's <see cref="IEngineFactory"/> outside tests: the shared <see cref="EngineFactory"/> chooses the engine, by
/// the rules dhcpd follows too. Everything else is written against <see cref="IDatagramEngine"/>/<see cref="IDatagramPort"/>.
/// </summary>
/// <remarks>
/// <c>--fabric FILE</c> (or <c>IPOIBDHCP_FABRIC</c>) → the emulated fabric, as the host that <c>IPOIBDHCP_FABRIC_HOST</c>
/// names; otherwise AF_PACKET on the real interface. <c>-s SERVER</c> keeps the interface's engine: requests go to the
/// server's address, through the link address learned from its replies where the port cannot route (see DhcpClientRunner).
/// </remarks>
/// <param name="environment">Environment lookup (<c>IPOIBDHCP_FABRIC</c>); the process environment when null.</param>
public sealed class DefaultEngineFactory(Func<string, string?>? environment = null) : IEngineFactory
{
    /// <inheritdoc/>
    /// <remarks>The fabric is loaded here, so a missing or invalid fabric file is reported once, before any interface is opened.</remarks>
    public IDatagramEngine Create(EngineSelection selection) =>
        new EngineFactory(selection.FabricFile, environment ?? Environment.GetEnvironmentVariable).InterfaceEngine();
}
