using IPoIBDhcp.Engine.Fabric.Config;
using IPoIBDhcp.InfiniBand;

namespace IPoIBDhcp.Engine.Fabric;

/// <summary>
/// What the subnet manager has programmed into every port's P_Key table, computed from a partitions file the
/// way OpenSM does: rules sharing a P_Key are merged, full membership wins over limited, and without a rule
/// for the default partition every port is only a limited member of it. Immutable, so the fabric swaps in a
/// new table when the file changes and in-flight deliveries keep a consistent view.
/// </summary>
public sealed class PartitionTable
{
    private readonly Dictionary<ushort, Partition> partitions = [];

    private PartitionTable(PartitionsFile file)
    {
        foreach (PartitionDefinition rule in file.Partitions)
        {
            if (!partitions.TryGetValue(rule.PKey.Base, out Partition? p))
            {
                p = new Partition(rule);
                partitions.Add(rule.PKey.Base, p);
            }
            p.Merge(rule);
        }
        if (!partitions.ContainsKey(0x7fff))
        {
            // OpenSM without a Default rule: "Default=0x7fff : ALL=limited, SELF=full".
            var implicitDefault = new PartitionDefinition("Default", PKey.Default, true, InfiniBandMtu.DefaultCode, null, null, null,
                PartitionMembership.Limited, [new PartitionMember(PartitionMemberKind.All, default, PartitionMembership.Limited)], 0);
            var p = new Partition(implicitDefault);
            p.Merge(implicitDefault);
            partitions.Add(0x7fff, p);
        }
    }

    /// <summary>Builds the table for a parsed partitions file.</summary>
    public static PartitionTable From(PartitionsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new PartitionTable(file);
    }

    /// <summary>OpenSM's table when no partitions file exists: everyone a full member of the default partition.</summary>
    public static PartitionTable NoFile { get; } = new(PartitionsFile.NoFile);

    /// <summary>The P_Keys (full form) of all partitions, for reports.</summary>
    public IEnumerable<PKey> PKeys => partitions.Values.Select(p => p.Definition.PKey);

    /// <summary>
    /// The port's membership in the partition of <paramref name="pkey"/> (the membership bit of
    /// <paramref name="pkey"/> is ignored: the table decides it).
    /// </summary>
    public PartitionMembership MembershipOf(PortGuid port, PKey pkey) =>
        partitions.TryGetValue(pkey.Base, out Partition? p) ? p.MembershipOf(port) : PartitionMembership.None;

    /// <summary>The first rule defining the partition (its name and flags), or null when the file has none.</summary>
    public PartitionDefinition? Find(PKey pkey) => partitions.TryGetValue(pkey.Base, out Partition? p) ? p.Definition : null;

    /// <summary>The IB MTU of the partition's broadcast group in bytes (2048 when the partition is unknown).</summary>
    public int IBMtuOf(PKey pkey) => partitions.TryGetValue(pkey.Base, out Partition? p) ? p.IBMtu : 2048;

    /// <summary>
    /// The IBA P_Key check a receiving HCA makes: same partition, and at least one side a full member
    /// (limited members never talk to each other).
    /// </summary>
    public static bool MayCommunicate(PartitionMembership a, PartitionMembership b) =>
        a != PartitionMembership.None && b != PartitionMembership.None && (a == PartitionMembership.Full || b == PartitionMembership.Full);

    private sealed class Partition(PartitionDefinition first)
    {
        private readonly Dictionary<ulong, PartitionMembership> ports = [];
        private PartitionMembership everyone;
        private int? mtuCode;

        public PartitionDefinition Definition { get; } = first;

        public int IBMtu => InfiniBandMtu.TryFromCode(mtuCode ?? InfiniBandMtu.DefaultCode, out int bytes) ? bytes : 2048;

        public void Merge(PartitionDefinition rule)
        {
            // The first rule that states an MTU for the group wins, as the group is created once.
            if (mtuCode is null && (rule.IPoIB || rule.MtuCode != InfiniBandMtu.DefaultCode))
                mtuCode = rule.MtuCode;
            foreach (PartitionMember member in rule.Members)
            {
                if (member.Kind == PartitionMemberKind.Guid)
                    ports[member.Guid.Value] = Max(ports.GetValueOrDefault(member.Guid.Value), member.Membership);
                else
                    everyone = Max(everyone, member.Membership);
            }
        }

        public PartitionMembership MembershipOf(PortGuid port) => Max(everyone, ports.GetValueOrDefault(port.Value));

        private static PartitionMembership Max(PartitionMembership a, PartitionMembership b) => a > b ? a : b;
    }
}
