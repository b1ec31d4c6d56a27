using IPoIBDhcp.Engine;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Client.Protocol;

/// <summary>
/// What the state machine needs to know about the port it runs on: the link type decides framing (RFC 4390
/// on InfiniBand), the MTU goes into option 57, the ports and <c>-s</c> server decide where packets go.
/// </summary>
/// <param name="Name">Interface name, for logs, leases and the script.</param>
/// <param name="LinkType">Link layer of the port.</param>
/// <param name="HardwareAddress">The port's link address (the MAC on Ethernet; 20-byte IPoIB address on InfiniBand).</param>
/// <param name="Mtu">Largest IP datagram the link carries.</param>
public sealed record ClientLink(string Name, LinkType LinkType, LinkAddress HardwareAddress, int Mtu)
{
    /// <summary>The client's UDP port (68, or <c>-p</c>).</summary>
    public ushort ClientPort { get; init; } = 68;

    /// <summary>The server's UDP port (67, or <c>-p</c> minus one).</summary>
    public ushort ServerPort { get; init; } = 67;

    /// <summary><c>-s</c>: send to this server instead of the link broadcast.</summary>
    public IPv4Address? Server { get; init; }

    /// <summary>On Ethernet, ask servers to broadcast replies (IPoIB always does, RFC 4390).</summary>
    public bool RequestBroadcastReplies { get; init; }

    /// <summary>Option 57: the largest IP datagram this link carries, within 576..65535 (RFC 2132 section 9.10).</summary>
    public ushort MaxMessageSize => (ushort)Math.Clamp(Mtu, 576, ushort.MaxValue);
}
