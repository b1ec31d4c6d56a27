using IPoIBDhcp.Engine;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Protocol;

/// <summary>Where a reply goes: IP destination, UDP port and link-layer target.</summary>
/// <param name="Destination">IP destination.</param>
/// <param name="Port">UDP destination port.</param>
/// <param name="Target">Link-layer delivery.</param>
/// <param name="Reason">Why, for debug logs (<c>relay</c>, <c>broadcast flag</c>, <c>IPoIB</c>, …).</param>
public readonly record struct ReplyRoute(IPv4Address Destination, ushort Port, LinkTarget Target, string Reason);
