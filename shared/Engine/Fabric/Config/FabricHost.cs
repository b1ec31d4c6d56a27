namespace IPoIBDhcp.Engine.Fabric.Config;

/// <summary>One emulated machine and its HCA ports.</summary>
/// <param name="Name">Host name: what <c>IPOIBDHCP_FABRIC_HOST</c> selects.</param>
/// <param name="Ports">HCA ports, in file order.</param>
/// <param name="Generated">True for hosts expanded from a <c>nodes</c> statement (boot-storm nodes).</param>
public sealed record FabricHost(string Name, IReadOnlyList<FabricHostPort> Ports, bool Generated)
{
    /// <summary>
    /// IPv4 addresses configured on the host's interfaces (<c>address ib0.8001 198.18.16.1;</c>): what
    /// <c>ip addr add</c> does on a real head node, so dhcpd finds the subnet each interface serves.
    /// </summary>
    public IReadOnlyDictionary<string, IPoIBDhcp.Wire.IPv4Address> Addresses { get; init; } =
        new Dictionary<string, IPoIBDhcp.Wire.IPv4Address>();

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
