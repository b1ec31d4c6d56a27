namespace IPoIBDhcp.Server.Config.Hooks;

/// <summary>Whether a configuration has any <c>on</c> statement, so a server without hooks runs no hook machinery at all.</summary>
public static class HookScan
{
    /// <summary>True when some scope of <paramref name="config"/> (or an <c>if</c> arm in one) has a handler.</summary>
    public static bool Any(ServerConfig config)
    {
        var scopes = new HashSet<ConfigScope>(ReferenceEqualityComparer.Instance);
        var starts = config.Subnets.Select(s => s.Scope)
            .Concat(config.Subnets.SelectMany(s => s.Pools).Select(p => p.Scope))
            .Concat(config.SharedNetworks.Select(n => n.Scope))
            .Concat(config.SharedNetworks.SelectMany(n => n.Pools).Select(p => p.Scope))
            .Concat(config.Hosts.Select(h => h.Scope))
            .Concat(config.Classes.Select(c => c.Scope))
            .Append(config.Global);
        foreach (var start in starts)
        {
            // Enclosing groups are reached through the chains; each scope is looked at once.
            for (var scope = start; scope is not null && scopes.Add(scope); scope = scope.Parent)
                if (Has(scope.Parameters)) return true;
        }
        return false;
    }

    private static bool Has(ScopeParameters parameters)
    {
        var pending = new Stack<ScopeParameters>();
        pending.Push(parameters);
        while (pending.TryPop(out var p))
        {
            if (!p.Hooks.IsEmpty) return true;
            foreach (var conditional in p.Conditionals)
                foreach (var branch in conditional.Branches) pending.Push(branch.Parameters);
        }
        return false;
    }
}
