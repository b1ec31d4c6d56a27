namespace IPoIBDhcp.Config.Server;

/// <summary>
/// Combines scopes into the parameters a client gets, following dhcpd.conf(5): the client's host declaration
/// is consulted first, then the classes it matches, then the pool, subnet and shared-network of its address;
/// each also brings its enclosing groups, the global scope is consulted last, and no scope is consulted twice.
/// The resulting precedence, most specific first, is:
/// host &gt; host's groups &gt; class (in the order given) &gt; pool &gt; subnet &gt; shared-network &gt; their groups &gt; global.
/// A scope that encloses a later chain (for example a group holding both the host and the subnet) is
/// consulted at its place in that later, less specific chain.
/// </summary>
public static class ParameterResolver
{
    /// <summary>
    /// Resolves the parameters for one client. <paramref name="chains"/> are the innermost scopes in precedence
    /// order (host, classes…, pool or subnet); <paramref name="request"/> evaluates <c>if</c> statements, or
    /// null to ignore them.
    /// </summary>
    public static ScopeParameters Resolve(IOptionSource? request, IReadOnlyList<ConfigScope> chains)
    {
        var ordered = new List<ConfigScope>();
        for (int i = 0; i < chains.Count; i++)
        {
            foreach (var scope in chains[i].Chain())
            {
                bool laterHasIt = false;
                for (int j = i + 1; j < chains.Count && !laterHasIt; j++) laterHasIt = chains[j].IsWithin(scope);
                if (laterHasIt) break;
                if (!ordered.Contains(scope)) ordered.Add(scope);
            }
        }
        var result = ScopeParameters.Empty;
        for (int i = ordered.Count - 1; i >= 0; i--)
        {
            var own = ordered[i].Parameters;
            result = (request is null ? own : own.Evaluate(request)).Overlay(result);
        }
        return result with { Conditionals = [] };
    }

    /// <summary>The usual call: a client's host (if any), the classes it matched, and the pool its address came from.</summary>
    public static ScopeParameters Resolve(IOptionSource? request, ConfigScope? host, IEnumerable<ConfigScope> classes, ConfigScope? pool)
    {
        var chains = new List<ConfigScope>();
        if (host is not null) chains.Add(host);
        chains.AddRange(classes);
        if (pool is not null) chains.Add(pool);
        return Resolve(request, chains);
    }
}
