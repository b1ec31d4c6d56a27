using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Selection;

/// <summary>
/// Picks the subnet a request belongs to, in Kea's order: link-selection (82/5), else subnet-selection
/// (118); for relayed requests the subnet containing giaddr; for direct requests ciaddr, else the source
/// address, else the receiving interface's own address. Kea's step that matches giaddr against relay
/// addresses configured on a subnet is left out: dhcpd.conf (ISC's grammar) has no statement that names them.
/// </summary>
public static class SubnetSelection
{
    /// <summary>The selected subnet, or null when none matches (the request is then dropped and logged, as ISC does).</summary>
    public static TSubnet? Select<TSubnet>(in SubnetSelector selector, IReadOnlyList<TSubnet> subnets)
        where TSubnet : class, ISelectableSubnet
    {
        IPv4Address address;
        if (!selector.LinkSelection.IsAny) address = selector.LinkSelection;
        else if (!selector.SubnetSelectionOption.IsAny) address = selector.SubnetSelectionOption;
        else if (!selector.GatewayAddress.IsAny) address = selector.GatewayAddress;
        else if (!selector.ClientAddress.IsAny) address = selector.ClientAddress;
        else if (!selector.SourceAddress.IsAny && selector.SourceAddress != IPv4Address.Broadcast) address = selector.SourceAddress;
        else if (selector.InterfaceAddress is { } own) address = own;
        else return null;

        TSubnet? best = null;
        // Indexed: every request selects, and a foreach over the interface allocated an enumerator.
        for (int i = 0; i < subnets.Count; i++)
        {
            var s = subnets[i];
            // The longest matching prefix wins, so a /24 carved out of a /16 is chosen for its own hosts.
            if (s.Contains(address) && (best is null || s.Mask.Value > best.Mask.Value)) best = s;
        }
        return best;
    }
}
