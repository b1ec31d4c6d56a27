using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Text;
using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Server.Config;

internal sealed partial class DhcpdConfigBuilder
{
    /// <summary>Checks that need the whole file: topology, uniqueness, and effective lease times.</summary>
    private void Check(ServerConfig config)
    {
        CheckRanges(config);
        CheckOverlaps(config);
        CheckHosts(config);
        CheckLeaseTimes();
        CheckPermits(config);
        CheckClasses(config);
    }

    private void CheckClasses(ServerConfig config)
    {
        var names = new Dictionary<string, ClassDeclaration>(StringComparer.Ordinal);
        foreach (var c in config.Classes)
        {
            if (!names.TryAdd(c.Name, c)) CheckError(c.Position, $"class \"{c.Name}\" is already declared at {names[c.Name].Position}");
        }
    }

    private void CheckError(SourcePosition position, string message) => checkErrors.Add(new ConfigDiagnostic(position, message));

    private void CheckRanges(ServerConfig config)
    {
        foreach (var subnet in config.Subnets)
        foreach (var range in subnet.Pools.SelectMany(p => p.Ranges))
        {
            if (!subnet.Contains(range.Low) || !subnet.Contains(range.High))
                CheckError(range.Position, $"{range} is outside subnet {subnet.Scope.Name}");
        }
        foreach (var shared in config.SharedNetworks)
        foreach (var range in shared.Pools.SelectMany(p => p.Ranges))
        {
            if (!shared.Subnets.Any(s => s.Contains(range.Low) && s.Contains(range.High)))
                CheckError(range.Position, $"{range} is not inside any one subnet of shared-network {shared.Name}");
        }
    }

    private void CheckOverlaps(ServerConfig config)
    {
        // Sorted by address, a subnet overlaps an earlier one exactly when it starts before the widest end seen so far.
        var ordered = config.Subnets.Select((s, i) => (Subnet: s, Index: i))
            .OrderBy(x => x.Subnet.Address.Value).ThenBy(x => x.Subnet.PrefixLength).ToList();
        (Subnet Subnet, int Index)? widest = null;
        foreach (var current in ordered)
        {
            if (widest is { } w && current.Subnet.Address.Value <= w.Subnet.BroadcastAddress.Value)
            {
                var (later, earlier) = current.Index > w.Index ? (current.Subnet, w.Subnet) : (w.Subnet, current.Subnet);
                CheckError(later.Position, $"subnet {later.Scope.Name} overlaps subnet {earlier.Scope.Name} declared at {earlier.Position}");
            }
            if (widest is null || current.Subnet.BroadcastAddress.Value > widest.Value.Subnet.BroadcastAddress.Value) widest = current;
        }
    }

    private void CheckHosts(ServerConfig config)
    {
        var names = new Dictionary<string, Host>(config.Hosts.Length, StringComparer.Ordinal);
        var identifiers = new Dictionary<ReadOnlyMemory<byte>, Host>(config.Hosts.Length, ByteContentComparer.Instance);
        foreach (var host in config.Hosts)
        {
            if (!names.TryAdd(host.Name, host))
                CheckError(host.Position, $"host {host.Name} is already declared at {names[host.Name].Position}");
            if (host.ClientIdentifier is { } id)
            {
                if (!identifiers.TryAdd(id.AsMemory(), host))
                {
                    var first = identifiers[id.AsMemory()];
                    CheckError(host.Position,
                        $"host {host.Name}: dhcp-client-identifier {OptionValueCodec.ToColonHex(id.AsSpan())} is already used by host {first.Name} at {first.Position}");
                }
            }
        }
    }

    private void CheckLeaseTimes()
    {
        var memo = new Dictionary<ConfigScope, (uint? Default, uint? Max)>(ReferenceEqualityComparer.Instance);
        foreach (var (scope, position) in leaseTimeScopes)
        {
            var (d, m) = EffectiveLeaseTimes(scope, memo);
            if (d is { } dlt && m is { } mlt && dlt > mlt)
                CheckError(position, $"default-lease-time {dlt} is greater than max-lease-time {mlt}");
        }
    }

    /// <summary>
    /// The unconditional default and max lease times in force at <paramref name="scope"/> (innermost wins, as
    /// <see cref="ConfigScope.Effective()"/>), remembered per scope: each scope of a deep group nest that sets a
    /// lease time is answered from its parent's answer instead of walking the whole chain again.
    /// </summary>
    private static (uint? Default, uint? Max) EffectiveLeaseTimes(ConfigScope scope, Dictionary<ConfigScope, (uint? Default, uint? Max)> memo)
    {
        var unresolved = new Stack<ConfigScope>();
        (uint? Default, uint? Max) outer = (null, null);
        for (var s = scope; s is not null; s = s.Parent)
        {
            if (memo.TryGetValue(s, out outer)) break;
            unresolved.Push(s);
        }
        while (unresolved.TryPop(out var s))
        {
            var own = s.Parameters;
            outer = (own.TryGet(ServerParameters.DefaultLeaseTime, out uint d) ? d : outer.Default,
                own.TryGet(ServerParameters.MaxLeaseTime, out uint m) ? m : outer.Max);
            memo[s] = outer;
        }
        return outer;
    }

    private void CheckPermits(ServerConfig config)
    {
        var names = config.Classes.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var permit in permits)
        {
            if (permit.ClassName is { } name && !names.Contains(name))
                CheckError(permit.Position, $"{(permit.Allow ? "allow" : "deny")} members of \"{name}\": no class \"{name}\" is declared");
        }
    }
}
