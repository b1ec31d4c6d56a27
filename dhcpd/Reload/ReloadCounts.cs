using IPoIBDhcp.Server.Config;

namespace IPoIBDhcp.Server.Reload;

/// <summary>What a configuration holds, and which hosts it added or dropped against the one it replaced, for the reload's log line.</summary>
/// <param name="Subnets">Subnets declared.</param>
/// <param name="Ranges">Range statements (before fixed addresses cut them).</param>
/// <param name="Hosts">Hosts (dhcpd.conf's and the lease file's).</param>
/// <param name="HostsAdded">Hosts whose name the previous configuration did not have.</param>
/// <param name="HostsRemoved">Hosts of the previous configuration whose name is gone.</param>
public readonly record struct ReloadCounts(int Subnets, int Ranges, int Hosts, int HostsAdded, int HostsRemoved)
{
    /// <summary>The counts of <paramref name="config"/> alone (nothing added or removed).</summary>
    public static ReloadCounts Of(ServerConfig config) => new(config.Subnets.Length, RangeCount(config), config.Hosts.Length, 0, 0);

    /// <summary>The counts of <paramref name="next"/>, with the hosts added and removed since <paramref name="previous"/> (by name).</summary>
    public static ReloadCounts Between(ServerConfig previous, ServerConfig next)
    {
        int added = 0;
        foreach (var host in next.Hosts)
            if (!previous.HostsByName.ContainsKey(host.Name)) added++;
        int removed = 0;
        foreach (var host in previous.Hosts)
            if (!next.HostsByName.ContainsKey(host.Name)) removed++;
        return Of(next) with { HostsAdded = added, HostsRemoved = removed };
    }

    private static int RangeCount(ServerConfig config) =>
        config.Subnets.Sum(s => s.Pools.Sum(p => p.Ranges.Length)) + config.SharedNetworks.Sum(n => n.Pools.Sum(p => p.Ranges.Length));

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Subnets} subnets, {Ranges} ranges, {Hosts} hosts ({HostsAdded} added, {HostsRemoved} removed)";
}
