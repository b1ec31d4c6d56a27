using IPoIBDhcp.Wire;
using IPoIBDhcp.Server.Allocation;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Server.Planning;

/// <summary>
/// The immutable runtime view of one configuration snapshot: subnets to select among, hosts by client
/// key, and the resolver that turns scopes, classes and conditionals into reply parameters for a request.
/// It holds no allocation state: which addresses are taken is kept by the allocator, per range of the plan
/// (<see cref="AddressAllocator.PoolFor"/>), so one plan serves any number of allocators and a new plan can
/// replace it while the allocator keeps its bindings.
/// </summary>
public sealed class ServerPlan
{
    private readonly Dictionary<ClientKey, HostPlan> hostsByKey;

    /// <summary>Creates a plan.</summary>
    public ServerPlan(IReadOnlyList<SubnetPlan> subnets, IEnumerable<(ClientKey Key, HostPlan Host)> hosts, IParameterResolver resolver)
    {
        Subnets = subnets;
        Resolver = resolver;
        // Sized once when the count is known: 100,000 hosts grown one doubling at a time were a sixth of a plan's build.
        hostsByKey = hosts.TryGetNonEnumeratedCount(out int count) ? new(count) : [];
        foreach (var (key, host) in hosts) hostsByKey.TryAdd(key, host);
    }

    /// <summary>All subnets.</summary>
    public IReadOnlyList<SubnetPlan> Subnets { get; }

    /// <summary>Resolves reply parameters and class membership.</summary>
    public IParameterResolver Resolver { get; }

    /// <summary>Host keys, so the key resolver can learn their GUIDs.</summary>
    public IEnumerable<ClientKey> HostKeys => hostsByKey.Keys;

    /// <summary>The host stanza for <paramref name="key"/>.</summary>
    public HostPlan? FindHost(ClientKey key) => hostsByKey.GetValueOrDefault(key);

    /// <summary>Hosts recognised by an option of the request (<c>host-identifier</c>).</summary>
    public HostsByOption HostsByOption { get; init; } = HostsByOption.None;

    /// <summary>The host stanza for a request: by its key, else by a <c>host-identifier</c> option it carries (ISC's order).</summary>
    public HostPlan? FindHost(ClientKey key, DhcpMessage request) => FindHost(key) ?? HostsByOption.Find(request);

    /// <summary>
    /// The subnet declaration <paramref name="address"/> lies in, if any: which subnet an interface serves, and
    /// which pool a stored lease belongs to (called once per lease at start-up, so a plain loop).
    /// </summary>
    public SubnetPlan? SubnetContaining(Wire.IPv4Address address)
    {
        foreach (var subnet in Subnets)
            if (((Selection.ISelectableSubnet)subnet).Contains(address)) return subnet;
        return null;
    }
}

/// <summary>Turns configuration scopes into the parameters of one reply.</summary>
public interface IParameterResolver
{
    /// <summary>Names of the classes <paramref name="request"/> belongs to.</summary>
    IReadOnlyCollection<string> Classify(DhcpMessage request);

    /// <summary>The effective parameters (host &gt; class &gt; pool &gt; subnet &gt; shared-network &gt; global).</summary>
    ReplyParameters Resolve(DhcpMessage request, SubnetPlan subnet, PoolPlan? pool, HostPlan? host, IReadOnlyCollection<string> classes);

    /// <summary>
    /// The effective parameters once the address to give is known, so that <c>leased-address</c> and <c>static</c> in
    /// dhcpd.conf expressions see it. A resolver whose parameters never depend on it may ignore it.
    /// </summary>
    ReplyParameters Resolve(DhcpMessage request, SubnetPlan subnet, PoolPlan? pool, HostPlan? host, IReadOnlyCollection<string> classes, IPv4Address leased) =>
        Resolve(request, subnet, pool, host, classes);
}
