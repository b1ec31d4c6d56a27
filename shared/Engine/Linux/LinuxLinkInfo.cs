using IPoIBDhcp.InfiniBand;

namespace IPoIBDhcp.Engine.Linux;

/// <summary>
/// What the kernel says about one interface at the moment a port opens it: the facts that decide DHCP
/// framing (link type, address length) and where broadcasts go (on IPoIB the broadcast address carries the
/// P_Key's multicast group, so it differs per child interface).
/// </summary>
/// <param name="Name">Interface name (<c>ib0.8001</c>, <c>veth0</c>).</param>
/// <param name="Index">Interface index in its network namespace.</param>
/// <param name="HardwareType">ARPHRD type: 1 Ethernet, 32 InfiniBand.</param>
/// <param name="Address">The interface's own link address (6 or 20 bytes).</param>
/// <param name="Broadcast">The link broadcast address.</param>
/// <param name="Mtu">The interface MTU (largest IP datagram).</param>
/// <param name="PKey">The partition key of an IPoIB interface; null on other links.</param>
public sealed record LinuxLinkInfo(
    string Name,
    int Index,
    int HardwareType,
    LinkAddress Address,
    LinkAddress Broadcast,
    int Mtu,
    PKey? PKey)
{
    /// <summary>ARPHRD_ETHER.</summary>
    public const int HardwareTypeEthernet = 1;

    /// <summary>ARPHRD_INFINIBAND.</summary>
    public const int HardwareTypeInfiniBand = 32;

    /// <summary>The link type the protocol layers switch on, or <see cref="Engine.LinkType.None"/> for links the engine does not frame.</summary>
    public LinkType LinkType => HardwareType switch
    {
        HardwareTypeEthernet => LinkType.Ethernet,
        HardwareTypeInfiniBand => LinkType.InfiniBand,
        _ => LinkType.None,
    };
}
