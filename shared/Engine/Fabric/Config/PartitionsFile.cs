namespace IPoIBDhcp.Engine.Fabric.Config;

/// <summary>A parsed OpenSM partitions.conf: its rules in file order.</summary>
/// <param name="Partitions">The rules; several may share a P_Key (OpenSM merges them).</param>
public sealed record PartitionsFile(IReadOnlyList<PartitionDefinition> Partitions)
{
    /// <summary>
    /// What OpenSM assumes when there is no partitions file: <c>Default=0x7fff, ipoib : ALL=full ;</c>
    /// (with the <c>ipoib</c> flag so IPoIB works out of the box, as OpenSM's own default rule is).
    /// </summary>
    public static PartitionsFile NoFile { get; } = new(
    [
        new PartitionDefinition("Default", InfiniBand.PKey.Default, true, InfiniBandMtu.DefaultCode, null, null, null,
            PartitionMembership.Limited, [new PartitionMember(PartitionMemberKind.All, default, PartitionMembership.Full)], 0),
    ]);
}
