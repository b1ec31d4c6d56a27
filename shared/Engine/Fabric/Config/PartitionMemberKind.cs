namespace IPoIBDhcp.Engine.Fabric.Config;

/// <summary>Which ports a partitions.conf member entry names.</summary>
public enum PartitionMemberKind
{
    /// <summary>One port by GUID.</summary>
    Guid,
    /// <summary><c>ALL</c>: every end port of the subnet.</summary>
    All,
    /// <summary><c>ALL_CAS</c>: every channel-adapter port (on the emulated fabric every port is one).</summary>
    AllCas,
}
