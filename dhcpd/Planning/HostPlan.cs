using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Planning;

/// <summary>A host stanza: how it is recognised and its fixed addresses.</summary>
/// <param name="Name">The host's name.</param>
/// <param name="FixedAddresses">Its <c>fixed-address</c> list: the one in the request's network is given.</param>
/// <param name="Declaration">The <c>host</c> declaration it came from, for parameter resolution.</param>
public sealed record HostPlan(string Name, IReadOnlyList<IPv4Address> FixedAddresses, Host? Declaration = null)
{
    /// <summary>The fixed address that lies on <paramref name="link"/> (the seed's rule), if any.</summary>
    public IPv4Address? FixedAddressOn(NetworkLink link)
    {
        foreach (var a in FixedAddresses)
            if (link.SubnetOf(a) is not null) return a;
        return null;
    }
}
