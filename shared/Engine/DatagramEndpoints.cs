using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Engine;

/// <summary>IP addresses and UDP ports of one datagram.</summary>
/// <param name="Source">IP source (0.0.0.0 for a client without an address).</param>
/// <param name="SourcePort">UDP source port.</param>
/// <param name="Destination">IP destination (255.255.255.255 for link broadcast).</param>
/// <param name="DestinationPort">UDP destination port.</param>
public readonly record struct DatagramEndpoints(IPv4Address Source, ushort SourcePort, IPv4Address Destination, ushort DestinationPort);
