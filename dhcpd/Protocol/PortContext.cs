using IPoIBDhcp.Engine;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Protocol;

/// <summary>What the protocol needs to know of the port a request arrived on.</summary>
/// <param name="Name">Interface name for log lines.</param>
/// <param name="LocalAddress">The port's own address: the default server identifier on that link.</param>
/// <param name="Mtu">Link MTU: replies are never larger than MTU − 28.</param>
/// <param name="Capabilities">What the port can do, for reply routing.</param>
/// <param name="ServerPort">The server's UDP port (67 or ISC's <c>-p</c>).</param>
public readonly record struct PortContext(string Name, IPv4Address? LocalAddress, int Mtu, PortCapabilities Capabilities, ushort ServerPort = 67);
