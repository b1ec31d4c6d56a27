namespace IPoIBDhcp.Config.Fabric;

/// <summary>One emulated machine and its HCA ports.</summary>
/// <param name="Name">Host name: what <c>IPOIBDHCP_FABRIC_HOST</c> selects.</param>
/// <param name="Ports">HCA ports, in file order.</param>
/// <param name="Generated">True for hosts expanded from a <c>nodes</c> statement (boot-storm nodes).</param>
public sealed record FabricHost(string Name, IReadOnlyList<FabricHostPort> Ports, bool Generated)
{
    /// <summary>The port named <paramref name="interfaceName"/> (a parent name such as <c>ib0</c>), or null.</summary>
    public FabricHostPort? FindPort(string interfaceName)
    {
        foreach (FabricHostPort port in Ports)
        {
            if (string.Equals(port.Interface, interfaceName, StringComparison.Ordinal))
                return port;
        }
        return null;
    }
}
