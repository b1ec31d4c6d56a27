using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Server.Planning;

/// <summary>
/// Resolves reply parameters from the dhcpd.conf scopes (host &gt; class &gt; pool &gt; subnet &gt;
/// shared-network &gt; global, see <see cref="ParameterResolver"/>). Option values in dhcpd.conf are constants, so
/// the answer depends only on the scopes and on which arm of each <c>if</c> the request takes: results are cached
/// per (subnet, pool, host, classes, arms taken), and a request with a cached answer only evaluates conditions.
/// </summary>
internal sealed class ConfigParameterResolver(ServerConfig config) : IParameterResolver
{
    private readonly bool hasConditionals = HasConditionals(config);
    // Option values computed from the request (option X = …, filename = …): no two requests share a resolution.
    private readonly bool hasComputedOptions = HasComputedOptions(config);
    // Member names of subclasses with a scope (SubclassDeclaration.MemberName) → that scope.
    private readonly FrozenDictionary<string, ConfigScope> subclassScopes = config.Classes
        .SelectMany(c => c.Subclasses.Values).Where(s => s.Scope is not null)
        .ToFrozenDictionary(s => s.MemberName, s => s.Scope!, StringComparer.Ordinal);
    private readonly FrozenDictionary<string, int> classIndex = config.Classes
        .Select((c, i) => (c.Name, Index: i)).DistinctBy(c => c.Name, StringComparer.Ordinal).ToFrozenDictionary(c => c.Name, c => c.Index, StringComparer.Ordinal);
    // Keyed by the declarations' identity: they are records, and hashing one by value walks all it holds.
    private readonly ConcurrentDictionary<ResolutionKey, IReadOnlyList<ConfigScope>> orders = new();
    private readonly ConcurrentDictionary<ResolutionKey, ReplyParameters> cache = new();

    public IReadOnlyCollection<string> Classify(DhcpMessage request)
    {
        if (config.Classes.IsEmpty) return [];
        var source = new EvaluationContext(request);
        List<string>? names = null;
        foreach (var c in config.Classes)
        {
            if (!c.Classify(source, out var subclass)) continue;
            // A subclass with its own scope comes first: it is more specific than its class.
            if (subclass?.Scope is not null) (names ??= []).Add(subclass.MemberName);
            (names ??= []).Add(c.Name);
        }
        return names ?? (IReadOnlyCollection<string>)[];
    }

    public ReplyParameters Resolve(DhcpMessage request, SubnetPlan subnet, PoolPlan? pool, HostPlan? host, IReadOnlyCollection<string> classes) =>
        Resolve(request, subnet, pool, host, classes, null);

    public ReplyParameters Resolve(DhcpMessage request, SubnetPlan subnet, PoolPlan? pool, HostPlan? host, IReadOnlyCollection<string> classes, IPv4Address leased) =>
        Resolve(request, subnet, pool, host, classes, (IPv4Address?)leased);

    private ReplyParameters Resolve(DhcpMessage request, SubnetPlan subnet, PoolPlan? pool, HostPlan? host, IReadOnlyCollection<string> classes, IPv4Address? leased)
    {
        if (hasComputedOptions) return Compute(request, subnet, pool, host, classes, leased);
        // Classes come in declaration order (Classify), so a set of class numbers also fixes their precedence.
        if (!TryClassMask(classes, out ulong mask)) return Compute(request, subnet, pool, host, classes, leased);
        ulong arms = 0;
        if (hasConditionals)
        {
            var placeScope = PlaceScope(subnet, pool);
            var orderKey = new ResolutionKey(null, placeScope, host?.Declaration, mask, 0);
            if (!orders.TryGetValue(orderKey, out var ordered))
                ordered = orders.GetOrAdd(orderKey, ParameterResolver.Order(Chains(host, classes, placeScope)));
            if (!ParameterResolver.TryBranchSignature(new EvaluationContext(request) { IsKnown = host is not null }, ordered, out arms))
                return Compute(request, subnet, pool, host, classes, leased);
        }
        var key = new ResolutionKey(subnet.Declaration, pool?.Declaration, host?.Declaration, mask, arms);
        if (cache.TryGetValue(key, out var cached)) return cached;
        return cache.GetOrAdd(key, Compute(hasConditionals ? request : null, subnet, pool, host, classes, leased));
    }

    private bool TryClassMask(IReadOnlyCollection<string> classes, out ulong mask)
    {
        mask = 0;
        foreach (var name in classes)
        {
            if (!classIndex.TryGetValue(name, out int index) || index >= 64) return false;
            mask |= 1UL << index;
        }
        return true;
    }

    private ConfigScope PlaceScope(SubnetPlan subnet, PoolPlan? pool)
    {
        var subnetScope = subnet.Declaration?.Scope;
        if (pool?.Declaration?.Scope is not { } poolScope) return subnetScope ?? config.Global;
        if (subnetScope is null || poolScope.IsWithin(subnetScope)) return poolScope;
        // A pool written directly in a shared-network: ISC runs the lease's subnet's statements, then the pool's, so the
        // subnet's parameters (its routers) reach the lease under the pool's. One stand-in scope per pair, kept so that
        // the caches keyed by scope identity still hit.
        return poolsInSubnets.GetOrAdd((poolScope, subnetScope), key => key.Pool with { Parent = key.Subnet });
    }

    private readonly ConcurrentDictionary<(ConfigScope Pool, ConfigScope Subnet), ConfigScope> poolsInSubnets = new();

    private IReadOnlyList<ConfigScope> Chains(HostPlan? host, IReadOnlyCollection<string> classes, ConfigScope placeScope) =>
        ParameterResolver.Chains(host?.Declaration?.Scope, classes.Select(ScopeOfClass), placeScope);

    private ConfigScope ScopeOfClass(string name) => subclassScopes.TryGetValue(name, out var scope) ? scope : config.ClassesByName[name].Scope;

    private ReplyParameters Compute(DhcpMessage? request, SubnetPlan subnet, PoolPlan? pool, HostPlan? host, IReadOnlyCollection<string> classes, IPv4Address? leased)
    {
        var chains = Chains(host, classes, PlaceScope(subnet, pool));
        var source = request is null ? null : Context(request, host, leased, null);
        var p = new ReplyParameters(OptionEncapsulation.Compose(HostDeclarationName.Apply(ParameterResolver.Resolve(source, chains), host), config.OptionSpaces));
        if (request is null || leased is null || !hasComputedOptions) return p;
        // lease-time: the time this reply grants follows from the parameters just resolved (ISC has it from the
        // lease by the time option values are evaluated); resolve once more with it known.
        request.TryGetLeaseTime(out uint asked);
        return new ReplyParameters(OptionEncapsulation.Compose(HostDeclarationName.Apply(ParameterResolver.Resolve(Context(request, host, leased, p.LeaseTimeFor(asked)), chains), host), config.OptionSpaces));
    }

    private static EvaluationContext Context(DhcpMessage request, HostPlan? host, IPv4Address? leased, uint? leaseTime) => new(request)
    {
        IsKnown = host is not null,
        HostDeclarationName = host?.Name,
        LeasedAddress = leased,
        IsStatic = leased is { } a && host is not null && host.FixedAddresses.Contains(a),
        LeaseTime = leaseTime,
    };

    private static bool HasComputedOptions(ServerConfig config) =>
        AllScopes(config).Any(s => HasComputed(s.Parameters));

    private static bool HasComputed(ScopeParameters p) =>
        p.OptionStatements.Any(o => !o.IsConstant) || p.Conditionals.Any(c => c.Branches.Any(b => HasComputed(b.Parameters)));

    private static IEnumerable<ConfigScope> AllScopes(ServerConfig config, bool withSubclasses = true)
    {
        IEnumerable<ConfigScope> scopes = [config.Global, .. config.Subnets.Select(s => s.Scope), .. config.SharedNetworks.Select(s => s.Scope),
            .. config.Hosts.Select(h => h.Scope), .. config.Classes.Select(c => c.Scope),
            .. withSubclasses ? config.Classes.SelectMany(c => c.Subclasses.Values).Where(s => s.Scope is not null).Select(s => s.Scope!) : [],
            .. config.Subnets.SelectMany(s => s.Pools).Select(p => p.Scope), .. config.SharedNetworks.SelectMany(s => s.Pools).Select(p => p.Scope)];
        // Each declaration's own scope is visited as it comes (a declaration has one, and a second look at a subnet's is
        // harmless), and the chains above them once: many hosts deep in one group share all of its chain. Keeping the
        // 100,000 host scopes of a large file out of the set was most of the time this took.
        var seen = new HashSet<ConfigScope>(ReferenceEqualityComparer.Instance);
        foreach (var start in scopes)
        {
            yield return start;
            for (var s = start.Parent; s is not null && seen.Add(s); s = s.Parent)
                yield return s;
        }
    }

    private static bool HasConditionals(ServerConfig config) =>
        AllScopes(config, withSubclasses: false).Any(s => !s.Parameters.Conditionals.IsEmpty);

    /// <summary>What a resolution depends on: declarations compared by identity, classes and arms as bit sets.</summary>
    private readonly struct ResolutionKey(object? subnet, object? place, object? host, ulong classes, ulong arms) : IEquatable<ResolutionKey>
    {
        private readonly object? subnet = subnet, place = place, host = host;
        private readonly ulong classes = classes, arms = arms;

        public bool Equals(ResolutionKey other) =>
            ReferenceEquals(subnet, other.subnet) && ReferenceEquals(place, other.place) && ReferenceEquals(host, other.host)
            && classes == other.classes && arms == other.arms;

        public override bool Equals(object? obj) => obj is ResolutionKey other && Equals(other);

        public override int GetHashCode() => HashCode.Combine(
            RuntimeHelpers.GetHashCode(subnet), RuntimeHelpers.GetHashCode(place), RuntimeHelpers.GetHashCode(host), classes, arms);
    }
}
