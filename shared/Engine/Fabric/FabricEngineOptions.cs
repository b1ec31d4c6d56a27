using IPoIBDhcp.Engine.Fabric.Config;

namespace IPoIBDhcp.Engine.Fabric;

/// <summary>How a <see cref="FabricEngine"/> joins its fabric.</summary>
public sealed record FabricEngineOptions
{
    /// <summary>In-process only, or shared with other processes over loopback (the default: that is what separate dhcpd and dhclient processes need).</summary>
    public FabricTransport Transport { get; init; } = FabricTransport.Loopback;

    /// <summary>The host whose ports <see cref="FabricEngine.OpenAsync"/> opens; null: <c>IPOIBDHCP_FABRIC_HOST</c>, else the first host in fabric.conf.</summary>
    public string? HostName { get; init; }

    /// <summary>Fault injection for every port opened; null: the fabric.conf <c>faults</c> setting.</summary>
    public FabricFaults? Faults { get; init; }

    /// <summary>Registry directory of the loopback transport; null: <c>$XDG_RUNTIME_DIR/ipoib-fabric-NAME</c> or <c>/tmp/ipoib-fabric-NAME-USER</c>.</summary>
    public string? RegistryDirectory { get; init; }

    /// <summary>How often the partitions file is checked for edits (zero: only on <see cref="FabricEngine.ReloadPartitions"/>).</summary>
    public TimeSpan PartitionsPollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Seed for QPN assignment, for reproducible addresses in tests; null: different every run, as on real HCAs.</summary>
    public int? Seed { get; init; }

    /// <summary>Frames a port queues before it drops (its receive ring size).</summary>
    public int ReceiveQueueCapacity { get; init; } = 1024;
}
