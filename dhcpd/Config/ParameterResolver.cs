namespace IPoIBDhcp.Server.Config;

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
        IReadOnlyList<ConfigScope> ordered = Order(chains);
        var result = ScopeParameters.Empty;
        for (int i = ordered.Count - 1; i >= 0; i--)
        {
            result = ordered[i].Parameters.ApplyTo(result, request);
        }
        return result;
    }

    /// <summary>
    /// The scopes <see cref="Resolve(IOptionSource?, IReadOnlyList{ConfigScope})"/> consults, most specific first: each
    /// chain's scopes up to where a later chain encloses them, each scope once. It depends on the chains only, so a
    /// server can compute it once per (host, classes, pool).
    /// </summary>
    public static IReadOnlyList<ConfigScope> Order(IReadOnlyList<ConfigScope> chains)
    {
        // The last chain each scope is on, so "a later chain encloses it" is one lookup, not a walk of every later
        // chain: linear in the chains' total length, which a 20,000-deep group nest makes long.
        var lastChain = new Dictionary<ConfigScope, int>(ReferenceEqualityComparer.Instance);
        for (int j = 0; j < chains.Count; j++)
            foreach (var scope in chains[j].Chain()) lastChain[scope] = j;
        var ordered = new List<ConfigScope>();
        var added = new HashSet<ConfigScope>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < chains.Count; i++)
        {
            foreach (var scope in chains[i].Chain())
            {
                if (lastChain[scope] > i) break;
                if (added.Add(scope)) ordered.Add(scope);
            }
        }
        return ordered;
    }

    /// <summary>
    /// Which arm of every <c>if</c> statement in <paramref name="ordered"/> <paramref name="request"/> takes, nested
    /// ones included, packed four bits per statement (0: no arm). Option values in dhcpd.conf are constants, so two
    /// requests with the same signature over the same scopes get the same parameters, and the merge can be cached.
    /// False when the statements do not fit the 64 bits (more than 15, or an arm past the 15th).
    /// </summary>
    public static bool TryBranchSignature(IOptionSource request, IReadOnlyList<ConfigScope> ordered, out ulong signature)
    {
        signature = 1; // a leading 1 keeps "no statements" apart from "statements, none taken"
        for (int i = 0; i < ordered.Count; i++)
        {
            if (!TryAppend(request, ordered[i].Parameters, ref signature))
                return false;
        }
        return true;
    }

    private static bool TryAppend(IOptionSource request, ScopeParameters parameters, ref ulong signature)
    {
        foreach (var conditional in parameters.Conditionals)
        {
            if (signature >> 60 != 0)
                return false;
            int taken = conditional.SelectIndex(request);
            if (taken >= 15)
                return false;
            signature = (signature << 4) | (uint)(taken + 1);
            if (taken >= 0 && !TryAppend(request, conditional.Branches[taken].Parameters, ref signature))
                return false;
        }
        return true;
    }

    /// <summary>The usual call: a client's host (if any), the classes it matched, and the pool its address came from.</summary>
    public static ScopeParameters Resolve(IOptionSource? request, ConfigScope? host, IEnumerable<ConfigScope> classes, ConfigScope? pool) =>
        Resolve(request, Chains(host, classes, pool));

    /// <summary>The chains of the usual call, in precedence order: the host (if any), the classes, the pool (if any).</summary>
    public static IReadOnlyList<ConfigScope> Chains(ConfigScope? host, IEnumerable<ConfigScope> classes, ConfigScope? pool)
    {
        var chains = new List<ConfigScope>();
        if (host is not null) chains.Add(host);
        chains.AddRange(classes);
        if (pool is not null) chains.Add(pool);
        return chains;
    }
}
