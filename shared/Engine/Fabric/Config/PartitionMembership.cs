namespace IPoIBDhcp.Engine.Fabric.Config;

/// <summary>
/// A port's membership in a partition. Limited members may talk to full members only, never to each other
/// (the IBA P_Key rule), which is how OpenSM fences compute nodes from one another on a storage partition.
/// </summary>
public enum PartitionMembership
{
    /// <summary>Not a member: the port's P_Key table lacks the partition, so a child interface has no carrier.</summary>
    None = 0,
    /// <summary>Limited member (P_Key with bit 15 clear).</summary>
    Limited = 1,
    /// <summary>Full member (P_Key with bit 15 set).</summary>
    Full = 2,
}
