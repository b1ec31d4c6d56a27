namespace IPoIBDhcp.Engine.Fabric;

/// <summary>How the ports of a <see cref="FabricEngine"/> reach ports outside it.</summary>
public enum FabricTransport
{
    /// <summary>Only ports of this engine, by direct queueing: simulations and unit tests in one process.</summary>
    InProcess,
    /// <summary>
    /// Also ports of other processes on this machine (a dhcpd and several dhclients), over one UDP socket per
    /// engine on a 127.0.0.0/8 address, found through a registry directory.
    /// </summary>
    Loopback,
}
