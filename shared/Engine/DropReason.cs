namespace IPoIBDhcp.Engine;

/// <summary>Why a datagram was dropped, for the per-port counters.</summary>
public enum DropReason
{
    /// <summary>Larger than the link MTU.</summary>
    Mtu,
    /// <summary>Partition membership forbids delivery.</summary>
    Partition,
    /// <summary>Checksum mismatch.</summary>
    Checksum,
    /// <summary>Not well-formed IPv4/UDP.</summary>
    Malformed,
    /// <summary>No carrier.</summary>
    NoCarrier,
    /// <summary>Not for us (port filter).</summary>
    Filtered,
}
