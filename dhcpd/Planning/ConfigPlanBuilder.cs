using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Server.Allocation;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Planning;

/// <summary>
/// Builds the server's runtime plan from a parsed dhcpd.conf snapshot: subnets with their links
/// (shared networks), pools as ranges with their permits (the allocator keeps their bitmaps), hosts under every
/// key that identifies them (client-id, the port GUID it carries, <c>hardware infiniband</c>, <c>hardware ethernet</c>).
/// </summary>
public static class ConfigPlanBuilder
{
    /// <summary>Builds the plan.</summary>
    public static ServerPlan Build(ServerConfig config)
    {
        var subnets = new List<SubnetPlan>();
        var planOf = new Dictionary<Subnet, SubnetPlan>();
        var extraPools = new Dictionary<Subnet, List<PoolPlan>>();
        var fixedAddresses = FixedAddressGaps.Of(config);
        PoolPlan PoolPlanOf(Pool pool) => ConfigPlanBuilder.PoolPlanOf(pool, fixedAddresses);
        foreach (var sn in config.SharedNetworks)
        {
            foreach (var pool in sn.Pools)
            {
                // A pool written directly in a shared-network belongs to the subnet its first range lies in.
                var owner = sn.Subnets.FirstOrDefault(s => pool.Ranges.Length > 0 && s.Contains(pool.Ranges[0].Low)) ?? sn.Subnets.FirstOrDefault();
                if (owner is null) continue;
                if (!extraPools.TryGetValue(owner, out var list)) extraPools[owner] = list = [];
                list.Add(PoolPlanOf(pool));
            }
        }
        foreach (var s in config.Subnets)
        {
            var pools = s.Pools.Select(PoolPlanOf).Concat(extraPools.GetValueOrDefault(s) ?? []).ToList();
            var plan = new SubnetPlan(s.Address, s.Mask, pools, s);
            subnets.Add(plan);
            planOf[s] = plan;
        }
        foreach (var sn in config.SharedNetworks)
        {
            var members = sn.Subnets.Select(s => planOf[s]).ToList();
            var link = new NetworkLink(sn.Name, members);
            foreach (var m in members) m.Link = link;
        }
        return new ServerPlan(subnets, HostsOf(config), new ConfigParameterResolver(config))
        {
            HostsByOption = config.Hosts.Any(h => h.Identifier is not null)
                ? new HostsByOption(config.Hosts.Where(h => h.Identifier is not null).Select(h => (h.Identifier!, new HostPlan(h.Name, h.FixedAddresses, h))))
                : HostsByOption.None,
        };
    }

    private static PoolPlan PoolPlanOf(Pool pool, FixedAddressGaps fixedAddresses)
    {
        var ranges = pool.Ranges.SelectMany(r => fixedAddresses.Split(r.Low, r.High)).ToList();
        var effective = pool.Scope.Effective();
        var permits = pool.Permits;
        bool denyUnknown = effective.Get(ServerParameters.UnknownClients) is AccessMode.Deny or AccessMode.Ignore;
        bool denyBootp = effective.Get(ServerParameters.Bootp) is AccessMode.Deny or AccessMode.Ignore;
        bool Admits(PoolAdmission a)
        {
            if (denyUnknown && !a.KnownClient) return false;
            if (denyBootp && a.IsBootp) return false;
            bool Matches(PoolPermit p) => p.Kind switch
            {
                PoolPermitKind.KnownClients => a.KnownClient,
                PoolPermitKind.UnknownClients => !a.KnownClient,
                _ => p.ClassName is not null && a.Classes.Contains(p.ClassName),
            };
            bool anyAllow = false, allowed = false;
            foreach (var p in permits)
            {
                if (!p.Allow)
                {
                    if (Matches(p)) return false;
                    continue;
                }
                anyAllow = true;
                allowed |= Matches(p);
            }
            return !anyAllow || allowed;
        }
        return new PoolPlan(ranges, Admits, pool);
    }

    private static List<(ClientKey, HostPlan)> HostsOf(ServerConfig config)
    {
        var keyed = new List<(ClientKey, HostPlan)>(config.Hosts.Length);
        foreach (var h in config.Hosts)
        {
            var plan = new HostPlan(h.Name, h.FixedAddresses, h);
            if (h.ClientIdentifier is { } id)
            {
                var bytes = id.AsSpan();
                keyed.Add((ClientIdentifier.TryGetPortGuid(bytes, out var guid) ? ClientKey.ForGuid(guid) : ClientKey.ForClientIdentifier(bytes), plan));
            }
            if (h.Hardware is { } hw)
            {
                var bytes = hw.Bytes.AsSpan();
                if (hw.Kind == HardwareKind.InfiniBand && bytes.Length == PortGuid.Size) keyed.Add((ClientKey.ForGuid(PortGuid.Read(bytes)), plan));
                else if (hw.Kind == HardwareKind.InfiniBand && bytes.Length == IPoIBHardwareAddress.Size) keyed.Add((ClientKey.ForGuid(IPoIBHardwareAddress.Read(bytes).PortGuid), plan));
                else keyed.Add((ClientKey.ForHardware((byte)hw.Kind, bytes), plan));
            }
        }
        return keyed;
    }
}
