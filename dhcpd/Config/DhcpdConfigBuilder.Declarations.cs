using System.Collections.Immutable;
using IPoIBDhcp.Text;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;
using G = IPoIBDhcp.Server.Config.DhcpdStatementGrammar;

namespace IPoIBDhcp.Server.Config;

internal sealed partial class DhcpdConfigBuilder
{
    /// <summary>
    /// Reads a declaration's body into a new scope under <paramref name="parent"/>; declarations inside use
    /// <paramref name="inner"/>. The parameters are read now; the declarations inside are queued, and
    /// <paramref name="then"/> runs once they all are read.
    /// </summary>
    private void ReadScope(
        BodyItem item, ScopeKind kind, string name, ConfigScope? parent, Func<ConfigScope, DeclarationContext> inner,
        Action<ConfigScope, ScopeBuilder>? then = null)
    {
        var items = Flatten(BodyOf(item), item.File);
        bool leaf = !items.Exists(i => IsDeclaration(i.Keyword));
        // A host with nothing declared inside is finished before the next scope is read, so one builder serves them all in
        // turn; taken while in use, so a host read inside another's body (refused, but read) gets its own.
        ScopeBuilder builder;
        if (leaf && kind == ScopeKind.Host && spareHostBuilder is { } spare)
        {
            spareHostBuilder = null;
            builder = spare.Reset();
        }
        else
        {
            builder = new ScopeBuilder(kind);
        }
        ReadParameters(items, builder);
        if (kind == ScopeKind.Host && HostClientIdentifier(builder) is { } clientId)
        {
            builder.Options.Remove(DhcpOptionCode.ClientIdentifier);
            builder.ClientIdentifier = clientId;
            builder.OptionStatements.RemoveAll(o => o.Code == DhcpOptionCode.ClientIdentifier && o.Field is null);
        }
        var scope = new ConfigScope(kind, name, item.Position, builder.ToParameters(), parent);
        NoteLeaseTimes(builder, scope);
        if (leaf)
        {
            // Nothing inside to queue (every host of a large file): finishing now is the order the queue would give,
            // without the two work items, their closures and the inner context per scope.
            then?.Invoke(scope, builder);
            if (kind == ScopeKind.Host) spareHostBuilder = builder;
            return;
        }
        if (then is not null) pending.Push(() => then(scope, builder));
        ReadDeclarations(items, inner(scope));
    }

    /// <summary>
    /// The client identifier a host is known by: <c>option dhcp-client-identifier VALUE;</c> or its expression form with a
    /// constant, <c>option dhcp-client-identifier = ff:00:…;</c> (OpenHPC's and xCAT's IPoIB hosts), as ISC takes either.
    /// </summary>
    private static ImmutableArray<byte>? HostClientIdentifier(ScopeBuilder builder)
    {
        if (builder.Options.TryGetValue(DhcpOptionCode.ClientIdentifier, out var written)) return written;
        var last = builder.OptionStatements.FindLast(o => o.Code == DhcpOptionCode.ClientIdentifier && o.Field is null);
        return last is { Mode: OptionStatementMode.Supersede, Value: ConstantDataExpression constant } ? constant.Value : null;
    }

    private void ReadSubnet(BodyItem item, DeclarationContext c)
    {
        if (!Run(item, G.SubnetHeader, "subnet", out var header)) return;
        uint mask = header.Mask.Value;
        if ((~mask & (~mask + 1)) != 0)
        {
            Error(item, $"subnet {header.Address} netmask {header.Mask}: netmask is not contiguous");
            return;
        }
        var network = header.Address.Mask(header.Mask);
        int prefix = System.Numerics.BitOperations.PopCount(mask);
        if (network != header.Address)
            Error(item, $"subnet {header.Address} netmask {header.Mask}: address has host bits set (the network is {network}/{prefix})");
        var collector = new SubnetCollector();
        ReadScope(item, ScopeKind.Subnet, $"{network}/{prefix}", c.Scope,
            s => new DeclarationContext(ScopeKind.Subnet, s, c.SharedNetwork, collector),
            (scope, builder) => AddSubnet(item, c, network, header.Mask, prefix, collector, scope, builder));
    }

    private void AddSubnet(
        BodyItem item, DeclarationContext c, IPv4Address network, IPv4Address mask, int prefix, SubnetCollector collector, ConfigScope scope, ScopeBuilder builder)
    {
        var pools = ImmutableArray.CreateBuilder<Pool>();
        if (builder.Ranges.Count > 0) pools.Add(new Pool(scope, [.. builder.Ranges], [], true, item.Position));
        pools.AddRange(collector.Pools);
        var subnet = new Subnet(network, mask, scope, pools.ToImmutable(), c.SharedNetwork?.Name, item.Position);
        subnets.Add(subnet);
        c.SharedNetwork?.Subnets.Add(subnet);
    }

    private void ReadSharedNetwork(BodyItem item, DeclarationContext c)
    {
        if (G.BareName(item.Args) is not { } name && !Run(item, G.NameOnly, "shared-network", out name)) return;
        var collector = new SharedNetworkCollector(name);
        ReadScope(item, ScopeKind.SharedNetwork, name, c.Scope,
            s => new DeclarationContext(ScopeKind.SharedNetwork, s, collector, null),
            (scope, _) =>
            {
                if (collector.Subnets.Count == 0) Error(item, $"shared-network {name} has no subnets");
                sharedNetworks.Add(new SharedNetwork(name, scope, [.. collector.Subnets], [.. collector.Pools], item.Position));
            });
    }

    private void ReadGroup(BodyItem item, DeclarationContext c)
    {
        if (!Run(item, G.Nothing, "group", out _)) return;
        ReadScope(item, ScopeKind.Group, "", c.Scope, s => new DeclarationContext(ScopeKind.Group, s, c.SharedNetwork, c.Subnet));
    }

    private void ReadPool(BodyItem item, DeclarationContext c)
    {
        if (!Run(item, G.Nothing, "pool", out _)) return;
        ReadScope(item, ScopeKind.Pool, "", c.Scope, s => new DeclarationContext(ScopeKind.Pool, s, null, null), (scope, builder) =>
        {
            if (builder.Ranges.Count == 0) Error(item, "pool has no range");
            var pool = new Pool(scope, [.. builder.Ranges], [.. builder.Permits], false, item.Position);
            if (c.Kind == ScopeKind.Subnet) c.Subnet!.Pools.Add(pool);
            else c.SharedNetwork!.Pools.Add(pool);
        });
    }

    private void ReadHost(BodyItem item, DeclarationContext c)
    {
        if (G.BareName(item.Args) is not { } name && !Run(item, G.NameOnly, "host", out name)) return;
        ReadScope(item, ScopeKind.Host, name, c.Scope, s => new DeclarationContext(ScopeKind.Host, s, null, null), (scope, builder) =>
        {
            hosts.Add(new Host(name, scope, builder.ClientIdentifier, builder.Hardware, builder.FixedAddressValues(), item.Position)
            {
                Identifier = builder.Identifier,
            });
        });
    }

    private void ReadClass(BodyItem item, DeclarationContext c)
    {
        if (G.BareName(item.Args) is not { } name && !Run(item, G.NameOnly, "class", out name)) return;
        ReadScope(item, ScopeKind.Class, name, c.Scope, s => new DeclarationContext(ScopeKind.Class, s, null, null),
            (scope, builder) => AddClass(item, name, scope, builder));
    }
}
