using IPoIBDhcp.InfiniBand;

namespace IPoIBDhcp.Bench.BootStorm;

/// <summary>One generated diskless node: its fabric.conf name, its HCA port GUID and the partition it boots in.</summary>
/// <param name="Index">Position in the storm (0-based).</param>
/// <param name="Name">Host name in fabric.conf.</param>
/// <param name="Guid">Port GUID: what keeps its address through FlexBoot, iPXE and the OS.</param>
/// <param name="Partition">Partition whose interface every boot stage uses.</param>
internal sealed record NodeSpec(int Index, string Name, PortGuid Guid, PartitionSpec Partition);
