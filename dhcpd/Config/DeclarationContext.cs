namespace IPoIBDhcp.Server.Config;

/// <summary>Where a declaration body sits: its own scope, and the enclosing shared-network and subnet collectors.</summary>
internal sealed record DeclarationContext(ScopeKind Kind, ConfigScope? Scope, SharedNetworkCollector? SharedNetwork, SubnetCollector? Subnet);

/// <summary>Collects what is declared inside a shared-network body.</summary>
internal sealed class SharedNetworkCollector(string name)
{
    public string Name { get; } = name;
    public List<Subnet> Subnets { get; } = [];
    public List<Pool> Pools { get; } = [];
}

/// <summary>Collects the pools declared inside a subnet body.</summary>
internal sealed class SubnetCollector
{
    public List<Pool> Pools { get; } = [];
}
