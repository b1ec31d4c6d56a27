namespace IPoIBDhcp.Wire.Ip;

/// <summary>
/// The four values that address a UDP datagram over IPv4, passed by <c>in</c> to the encoder so a send does
/// not need an <see cref="System.Net.IPEndPoint"/> per packet. Addresses use the <see cref="IPv4AddressBits"/> form.
/// </summary>
/// <param name="SourceAddress">Sender address (0 for a DHCP client without an address).</param>
/// <param name="SourcePort">Sender port (68 for a DHCP client, 67 for a server or relay).</param>
/// <param name="DestinationAddress">Receiver address (0xFFFFFFFF for a broadcast).</param>
/// <param name="DestinationPort">Receiver port.</param>
public readonly record struct IPv4UdpEndpoints(uint SourceAddress, ushort SourcePort, uint DestinationAddress, ushort DestinationPort);
