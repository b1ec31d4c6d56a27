using IPoIBDhcp.InfiniBand;

namespace IPoIBDhcp.Engine.Fabric.Config;

/// <summary>
/// One <c>Name=PKey, flags : members ;</c> rule of an OpenSM partitions.conf. OpenSM merges rules that
/// share a P_Key; the emulated fabric does the same when it builds its partition table.
/// </summary>
/// <param name="Name">Partition name, for logs (may be empty, as in OpenSM).</param>
/// <param name="PKey">The partition's P_Key with the full bit set (0xffff for Default, written 0x7fff or 0xffff).</param>
/// <param name="IPoIB">The <c>ipoib</c> flag: OpenSM creates the IPoIB broadcast group for the partition.</param>
/// <param name="MtuCode">IBTA MTU code of the broadcast group (<c>mtu=</c>, default 4 = 2048).</param>
/// <param name="Rate">The <c>rate=</c> flag as given (kept for reports, not modelled).</param>
/// <param name="ServiceLevel">The <c>sl=</c> flag as given (kept, not modelled).</param>
/// <param name="Scope">The <c>scope=</c> flag as given (kept, not modelled; the broadcast MGID uses link-local scope 2).</param>
/// <param name="DefaultMembership">The <c>defmember=</c> flag: membership of entries that give none (OpenSM's default: limited).</param>
/// <param name="Members">Member entries in file order.</param>
/// <param name="Line">1-based line the rule starts on, for messages.</param>
public sealed record PartitionDefinition(
    string Name,
    PKey PKey,
    bool IPoIB,
    int MtuCode,
    int? Rate,
    int? ServiceLevel,
    int? Scope,
    PartitionMembership DefaultMembership,
    IReadOnlyList<PartitionMember> Members,
    int Line)
{
    /// <summary>The broadcast group's IB MTU in bytes (2048 for code 4, 4096 for 5).</summary>
    public int IBMtu => InfiniBandMtu.TryFromCode(MtuCode, out int bytes) ? bytes : 2048;

    /// <summary>The IPoIB datagram MTU on this partition: <see cref="IBMtu"/> − 4.</summary>
    public int IPoIBMtu => InfiniBandMtu.DatagramMtu(IBMtu);

    /// <summary>True for the default partition (P_Key 0x7fff / 0xffff).</summary>
    public bool IsDefault => PKey.Base == 0x7fff;
}
