using IPoIBDhcp.Wire;

namespace IPoIBDhcp.IntegrationTests.Support;

/// <summary>IP source and destination of a client's request: broadcast from 0.0.0.0, or unicast from its address to the server.</summary>
/// <param name="Source">IP source.</param>
/// <param name="Destination">IP destination; 255.255.255.255 is sent to the link broadcast.</param>
internal readonly record struct DhcpRoute(IPv4Address Source, IPv4Address Destination)
{
    /// <summary>What a client without an address sends (INIT, SELECTING, INIT-REBOOT, REBINDING with ciaddr in the header).</summary>
    public static DhcpRoute Broadcast { get; } = new(IPv4Address.Any, IPv4Address.Broadcast);

    /// <summary>REBINDING: from the bound address to everyone.</summary>
    public static DhcpRoute BroadcastFrom(IPv4Address source) => new(source, IPv4Address.Broadcast);

    /// <summary>RENEWING, RELEASE: from the bound address to the server.</summary>
    public static DhcpRoute Unicast(IPv4Address source, IPv4Address server) => new(source, server);
}
