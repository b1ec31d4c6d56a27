using IPoIBDhcp.InfiniBand;

namespace IPoIBDhcp.Engine;

/// <summary>How the UDP checksum of a received datagram was established.</summary>
public enum ChecksumStatus
{
    /// <summary>The engine computed and compared it.</summary>
    VerifiedBySoftware,
    /// <summary>The NIC (or the emulated fabric's "hardware") verified it; the engine trusted that.</summary>
    VerifiedByHardware,
    /// <summary>The sender did not compute one (UDP checksum 0 is allowed in IPv4).</summary>
    Absent,
    /// <summary>Not applicable: a UDP socket hands over payloads only after the kernel checked them.</summary>
    Kernel,
}

/// <summary>
/// Metadata of one received datagram; the payload is in the caller's buffer. A value type so that
/// the receive loop allocates nothing per packet.
/// </summary>
/// <param name="Length">Payload bytes written to the caller's buffer.</param>
/// <param name="Endpoints">IP addresses and UDP ports.</param>
/// <param name="LinkSource">The sender's link address, when the backend reports it.</param>
/// <param name="PKey">The partition the datagram arrived in (IPoIB only).</param>
/// <param name="Checksum">How its checksum was established.</param>
/// <param name="WasLinkBroadcast">True when it was sent to the link broadcast.</param>
public readonly record struct ReceivedDatagram(
    int Length,
    DatagramEndpoints Endpoints,
    LinkAddress LinkSource,
    PKey? PKey,
    ChecksumStatus Checksum,
    bool WasLinkBroadcast);
