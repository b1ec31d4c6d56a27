using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Bench.BootStorm;

/// <summary>One P_Key partition of the generated fabric and the IP subnet dhcpd serves on it.</summary>
/// <param name="Name">Partition name in partitions.conf.</param>
/// <param name="PKey">The P_Key (full form).</param>
/// <param name="Interface">The IPoIB interface on every host: <c>ib0</c> or a child such as <c>ib0.8001</c>.</param>
/// <param name="Network">Subnet address.</param>
/// <param name="PrefixLength">Subnet prefix length.</param>
/// <param name="MtuCode">OpenSM <c>mtu=</c> code (4 = 2K, 5 = 4K).</param>
/// <param name="Weight">Share of the nodes this partition gets.</param>
internal sealed record PartitionSpec(string Name, PKey PKey, string Interface, IPv4Address Network, int PrefixLength, int MtuCode, int Weight)
{
    /// <summary>Addresses below this offset are the head's and other servers'; the dynamic range starts here.</summary>
    public const uint FirstDynamicOffset = 10;

    /// <summary>The head node's address on this partition (<c>.1</c>): dhcpd's server identifier there.</summary>
    public IPv4Address Head => new(Network.Value + 1);

    /// <summary>The subnet mask.</summary>
    public IPv4Address Mask => new(uint.MaxValue << (32 - PrefixLength));

    /// <summary>The directed broadcast address.</summary>
    public IPv4Address BroadcastAddress => new(Network.Value | ~Mask.Value);

    /// <summary>Dynamic addresses the subnet can hold (from <see cref="FirstDynamicOffset"/> to broadcast − 1).</summary>
    public int Capacity => (int)(BroadcastAddress.Value - Network.Value - FirstDynamicOffset);

    /// <summary>The IPoIB datagram MTU of the partition (IB MTU − 4).</summary>
    public int IPoIBMtu => MtuCode == 4 ? 2044 : 4092;
}
