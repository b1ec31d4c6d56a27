namespace IPoIBDhcp.Wire.Ip;

/// <summary>
/// Why an IPv4/UDP packet was accepted or dropped. The engine keeps separate counters per status (a checksum
/// error points at a bad link, a malformed packet at a bad sender), so this is a closed set it can switch on
/// rather than a reason string to compare.
/// </summary>
public enum UdpReadStatus
{
    /// <summary>Accepted.</summary>
    Ok,

    /// <summary>Truncated or internally inconsistent headers (version, lengths).</summary>
    Malformed,

    /// <summary>The IPv4 header checksum or the UDP checksum does not match the bytes.</summary>
    ChecksumError,

    /// <summary>A well-formed IPv4 packet carrying another protocol than UDP (17).</summary>
    NotUdp,

    /// <summary>An IPv4 fragment: DHCP messages are never fragmented and the engine does not reassemble.</summary>
    Fragment,
}
