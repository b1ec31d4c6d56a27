using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Server.Planning;

/// <summary>Lets class and <c>if</c> expressions read a request's options.</summary>
/// <param name="Request">The decoded request.</param>
/// <param name="IsKnown">True when a host stanza matches the client (the <c>known</c> expression).</param>
internal sealed record RequestOptionSource(DhcpMessage Request, bool IsKnown) : IOptionSource
{
    public bool TryGetOption(byte code, out ReadOnlyMemory<byte> value) => Request.TryGetOptionMemory(code, out value);
}
