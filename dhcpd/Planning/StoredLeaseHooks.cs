using IPoIBDhcp.Server.Allocation;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Config.Hooks;

namespace IPoIBDhcp.Server.Planning;

/// <summary>
/// The <c>on release</c>/<c>on expiry</c> handlers of a lease restored from the store, which does not keep them: those of
/// its host, pool and subnet as dhcpd.conf declares them now. Looked up only when the lease needs them (it is released or
/// runs out), so a restart does not resolve a million leases' scopes. An <c>on</c> inside an <c>if</c> is not among them:
/// there is no request to evaluate the condition on.
/// </summary>
public static class StoredLeaseHooks
{
    /// <summary>The handlers for <paramref name="binding"/> under <paramref name="plan"/>.</summary>
    public static HookSet Resolve(ServerPlan plan, Binding binding)
    {
        var subnet = plan.SubnetContaining(binding.Address);
        var place = subnet is null ? null : subnet.Link.PoolOf(binding.Address).Pool?.Declaration?.Scope ?? subnet.Declaration?.Scope;
        var host = plan.FindHost(binding.Key)?.Declaration?.Scope;
        if (place is null && host is null) return HookSet.None;
        return ParameterResolver.Resolve(null, ParameterResolver.Chains(host, [], place)).Hooks;
    }
}
