using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Selection;

/// <summary>What subnet selection needs to know of a subnet.</summary>
public interface ISelectableSubnet
{
    /// <summary>Network address.</summary>
    IPv4Address Network { get; }

    /// <summary>Netmask.</summary>
    IPv4Address Mask { get; }

    /// <summary>True when <paramref name="address"/> lies in this subnet.</summary>
    bool Contains(IPv4Address address) => address.Mask(Mask) == Network;
}
