using System.Collections.Concurrent;
using IPoIBDhcp.Config.Server;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Server.Planning;

/// <summary>
/// Resolves reply parameters from the dhcpd.conf scopes (host &gt; class &gt; pool &gt; subnet &gt;
/// shared-network &gt; global, see <see cref="ParameterResolver"/>). Scopes without <c>if</c> statements
/// give the same answer for every request, so their result is cached per (subnet, pool, host, classes).
/// </summary>
internal sealed class ConfigParameterResolver(ServerConfig config) : IParameterResolver
{
    private readonly bool hasConditionals = HasConditionals(config);
    private readonly ConcurrentDictionary<(object?, object?, object?, string), ReplyParameters> cache = new();

    public IReadOnlyCollection<string> Classify(DhcpMessage request)
    {
        if (config.Classes.IsEmpty) return [];
        var source = new RequestOptionSource(request, false);
        List<string>? names = null;
        foreach (var c in config.Classes)
            if (c.Matches(source)) (names ??= []).Add(c.Name);
        return names ?? (IReadOnlyCollection<string>)[];
    }

    public ReplyParameters Resolve(DhcpMessage request, SubnetPlan subnet, PoolPlan? pool, HostPlan? host, IReadOnlyCollection<string> classes)
    {
        if (hasConditionals) return Compute(request, subnet, pool, host, classes);
        var key = (subnet.Tag, pool?.Tag, host?.Tag, string.Join('\n', classes));
        return cache.GetOrAdd(key, _ => Compute(null, subnet, pool, host, classes));
    }

    private ReplyParameters Compute(DhcpMessage? request, SubnetPlan subnet, PoolPlan? pool, HostPlan? host, IReadOnlyCollection<string> classes)
    {
        var hostScope = (host?.Tag as Host)?.Scope;
        var classScopes = classes.Select(n => config.ClassesByName[n].Scope);
        var placeScope = (pool?.Tag as Pool)?.Scope ?? (subnet.Tag as Subnet)?.Scope ?? config.Global;
        var source = request is null ? null : new RequestOptionSource(request, host is not null);
        var p = ParameterResolver.Resolve(source, hostScope, classScopes, placeScope);
        var defaults = new ReplyParameters();
        return new ReplyParameters
        {
            DefaultLeaseTime = p.DefaultLeaseTime ?? defaults.DefaultLeaseTime,
            MaxLeaseTime = p.MaxLeaseTime ?? defaults.MaxLeaseTime,
            MinLeaseTime = p.MinLeaseTime ?? defaults.MinLeaseTime,
            Authoritative = p.Authoritative ?? defaults.Authoritative,
            NextServer = p.NextServer,
            Filename = p.Filename,
            ServerName = p.ServerName,
            ServerIdentifier = p.ServerIdentifier,
            EchoClientId = p.EchoClientId ?? defaults.EchoClientId,
            Options = p.Options,
        };
    }

    private static bool HasConditionals(ServerConfig config)
    {
        IEnumerable<ConfigScope> scopes = [config.Global, .. config.Subnets.Select(s => s.Scope), .. config.SharedNetworks.Select(s => s.Scope),
            .. config.Hosts.Select(h => h.Scope), .. config.Classes.Select(c => c.Scope),
            .. config.Subnets.SelectMany(s => s.Pools).Select(p => p.Scope), .. config.SharedNetworks.SelectMany(s => s.Pools).Select(p => p.Scope)];
        return scopes.SelectMany(s => s.Chain()).Any(s => !s.Parameters.Conditionals.IsEmpty);
    }
}
