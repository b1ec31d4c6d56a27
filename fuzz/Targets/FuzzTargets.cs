namespace IPoIBDhcp.Fuzz;

/// <summary>Every target by the name fuzz/run.sh and the regression corpus folders use.</summary>
internal static class FuzzTargets
{
    public static IReadOnlyDictionary<string, FuzzTarget> All { get; } = new Dictionary<string, FuzzTarget>(StringComparer.Ordinal)
    {
        ["dhcp"] = WireTargets.Dhcp,
        ["frame"] = WireTargets.Frame,
        ["identity"] = IdentityTargets.Identity,
        ["option-text"] = IdentityTargets.OptionText,
        ["leases"] = TextTargets.Leases,
        ["dhcpd-conf"] = TextTargets.DhcpdConf,
        ["dhclient-conf"] = TextTargets.DhclientConf,
        ["dhclient-leases"] = TextTargets.DhclientLeases,
        ["fabric"] = TextTargets.Fabric,
        ["partitions"] = TextTargets.Partitions,
    };
}
