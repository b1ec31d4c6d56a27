using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Hooks;

/// <summary>
/// The evaluation context of an event without a request (an expiry): the lease's address and nothing of a packet, so an
/// expression that reads an option yields no data, as in ISC, where an expiry has no packet either.
/// </summary>
/// <param name="Address">The lease's address (<c>leased-address</c>).</param>
internal sealed class LeaseEventSource(IPv4Address Address) : IOptionSource
{
    public bool IsKnown => false;

    public IPv4Address? LeasedAddress => Address;

    public bool TryGetOption(byte code, out ReadOnlyMemory<byte> value)
    {
        value = default;
        return false;
    }
}
