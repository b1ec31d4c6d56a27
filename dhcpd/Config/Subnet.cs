using System.Collections.Immutable;
using System.Net;
using IPoIBDhcp.Text;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Config;

/// <summary>An IP subnet the server serves, with its pools.</summary>
/// <param name="Address">Network address (host bits zero: checked at parse time).</param>
/// <param name="Mask">Netmask (contiguous: checked at parse time).</param>
/// <param name="Scope">The subnet's scope.</param>
/// <param name="Pools">Pools declared in it, the implicit pool of direct ranges first.</param>
/// <param name="SharedNetwork">Name of the enclosing shared-network, or null when the subnet stands alone.</param>
/// <param name="Position">Where the declaration is.</param>
public sealed record Subnet(IPv4Address Address, IPv4Address Mask, ConfigScope Scope, ImmutableArray<Pool> Pools, string? SharedNetwork, SourcePosition Position)
{
    /// <summary>Prefix length of <see cref="Mask"/>.</summary>
    public int PrefixLength => System.Numerics.BitOperations.PopCount(Mask.Value);

    /// <summary>The subnet as a BCL network, for containment tests and printing.</summary>
    public IPNetwork Network => new(Address.ToIPAddress(), PrefixLength);

    /// <summary>True when <paramref name="address"/> is inside the subnet.</summary>
    public bool Contains(IPv4Address address) => address.Mask(Mask) == Address;

    /// <summary>The subnet's broadcast address.</summary>
    public IPv4Address BroadcastAddress => new(Address.Value | ~Mask.Value);
}
