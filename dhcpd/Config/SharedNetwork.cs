using System.Collections.Immutable;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Server.Config;

/// <summary>Several subnets on one link (for IPoIB: one partition), sharing parameters and pools.</summary>
/// <param name="Name">The name as written (bare or quoted).</param>
/// <param name="Scope">Its scope.</param>
/// <param name="Subnets">Subnets declared inside it.</param>
/// <param name="Pools">Pools declared directly in it (their ranges may span its subnets).</param>
/// <param name="Position">Where the declaration is.</param>
public sealed record SharedNetwork(string Name, ConfigScope Scope, ImmutableArray<Subnet> Subnets, ImmutableArray<Pool> Pools, SourcePosition Position);
