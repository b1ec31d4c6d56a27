using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Bench.BootStorm;

/// <summary>What happened to one node: when it powered on, when each stage was bound and to which address.</summary>
internal sealed class NodeOutcome
{
    /// <summary>Stopwatch timestamp of power-on (0: never powered on).</summary>
    public long PowerOn { get; set; }

    /// <summary>Stopwatch timestamp at which each stage was bound (0: not bound).</summary>
    public long[] BoundAt { get; } = new long[3];

    /// <summary>The address each stage was bound to.</summary>
    public IPv4Address[] Address { get; } = new IPv4Address[3];

    /// <summary>Requests sent over all stages.</summary>
    public int Sends { get; set; }

    /// <summary>Requests resent after a timeout, over all stages.</summary>
    public int Retransmissions { get; set; }

    /// <summary>The stage that gave up or was cut off by the storm's timeout, if any.</summary>
    public BootStage? FailedStage { get; set; }

    /// <summary>True once the OS's dhclient is bound.</summary>
    public bool Bound => BoundAt[(int)BootStage.Os] != 0;

    /// <summary>Address changes between consecutive stages (must be 0: the server keys leases by port GUID).</summary>
    public int AddressChanges
    {
        get
        {
            int changes = 0;
            for (int s = 1; s < 3; s++)
                if (BoundAt[s] != 0 && BoundAt[s - 1] != 0 && Address[s] != Address[s - 1]) changes++;
            return changes;
        }
    }
}
