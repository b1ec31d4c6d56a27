using IPoIBDhcp.InfiniBand;

namespace IPoIBDhcp.Engine.Fabric.Config;

/// <summary>One entry of a partition's member list (<c>0x0002c90300001001=full</c>, <c>ALL=limited</c>).</summary>
/// <param name="Kind">A single GUID or a keyword.</param>
/// <param name="Guid">The port GUID for <see cref="PartitionMemberKind.Guid"/>.</param>
/// <param name="Membership">Full or limited (the partition's <c>defmember</c> when the entry gives none).</param>
public readonly record struct PartitionMember(PartitionMemberKind Kind, PortGuid Guid, PartitionMembership Membership)
{
    /// <summary>True when this entry covers <paramref name="port"/>.</summary>
    public bool Covers(PortGuid port) => Kind != PartitionMemberKind.Guid || Guid == port;
}
