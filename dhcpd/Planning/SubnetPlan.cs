using IPoIBDhcp.Server.Allocation;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Selection;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Planning;

/// <summary>A subnet as the server serves it: selectable, with its pools and its shared network.</summary>
public sealed class SubnetPlan : ISelectableSubnet
{
    /// <summary>Creates the plan of one subnet.</summary>
    public SubnetPlan(IPv4Address network, IPv4Address mask, IReadOnlyList<PoolPlan> pools, Subnet? declaration = null)
    {
        Network = network;
        Mask = mask;
        Pools = pools;
        Declaration = declaration;
        Link = new NetworkLink(Network.ToString(), [this]);
    }

    /// <inheritdoc/>
    public IPv4Address Network { get; }
    /// <inheritdoc/>
    public IPv4Address Mask { get; }
    /// <summary>Dynamic pools.</summary>
    public IReadOnlyList<PoolPlan> Pools { get; }
    /// <summary>The <c>subnet</c> declaration it came from, for parameter resolution.</summary>
    public Subnet? Declaration { get; }
    /// <summary>The link it is on: its shared network, or itself alone.</summary>
    public NetworkLink Link { get; internal set; }
    /// <summary>The subnet's broadcast address.</summary>
    public IPv4Address BroadcastAddress => new(Network.Value | ~Mask.Value);
    /// <summary>Prefix length, for logs (<c>198.18.0.0/20</c>).</summary>
    public int PrefixLength => System.Numerics.BitOperations.PopCount(Mask.Value);
    /// <inheritdoc/>
    public override string ToString() => $"{Network}/{PrefixLength}";
}

/// <summary>A link: the subnets of one <c>shared-network</c>, or a single subnet. Allocation walks all of them.</summary>
/// <param name="Name">Shared-network name, or the subnet's address.</param>
/// <param name="Subnets">Its subnets.</param>
public sealed record NetworkLink(string Name, IReadOnlyList<SubnetPlan> Subnets)
{
    /// <summary>The subnet containing <paramref name="address"/>, if it is on this link.</summary>
    public SubnetPlan? SubnetOf(IPv4Address address)
    {
        // Indexed loops here and below: every request asks, and a foreach over the interface allocated an enumerator.
        for (int i = 0; i < Subnets.Count; i++)
            if (((ISelectableSubnet)Subnets[i]).Contains(address)) return Subnets[i];
        return null;
    }

    /// <summary>The dynamic pool and range of this link that hold <paramref name="address"/>, if any.</summary>
    public (PoolPlan? Pool, PoolRange? Range) PoolOf(IPv4Address address)
    {
        for (int i = 0; i < Subnets.Count; i++)
        {
            var pools = Subnets[i].Pools;
            for (int j = 0; j < pools.Count; j++)
            {
                var ranges = pools[j].Ranges;
                for (int k = 0; k < ranges.Count; k++)
                    if (ranges[k].Contains(address)) return (pools[j], ranges[k]);
            }
        }
        return (null, null);
    }
}
