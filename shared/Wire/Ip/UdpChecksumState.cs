namespace IPoIBDhcp.Wire.Ip;

/// <summary>
/// What is known about the UDP checksum of an accepted datagram, so the engine can log or count datagrams
/// that arrived without end-to-end protection.
/// </summary>
public enum UdpChecksumState
{
    /// <summary>The checksum was present and recomputed in software: the datagram is intact.</summary>
    Verified,

    /// <summary>The checksum field was 0: the sender did not compute one, which IPv4 allows (RFC 768).</summary>
    Absent,

    /// <summary>A checksum was present but not recomputed, under <see cref="ChecksumPolicy.TrustHardware"/>.</summary>
    Trusted,
}
