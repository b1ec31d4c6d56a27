namespace IPoIBDhcp.Wire.Ip;

/// <summary>
/// Whether the receive path recomputes checksums. AF_PACKET sockets can hand over packets whose checksums the
/// NIC already verified, or outgoing packets captured before the NIC filled them in (checksum offload leaves
/// zeros or partial sums); re-checking those would drop good packets.
/// </summary>
public enum ChecksumPolicy
{
    /// <summary>Verify the IPv4 header checksum and any non-zero UDP checksum in software.</summary>
    Verify,

    /// <summary>Skip both checks because the hardware or kernel already vouched for the packet.</summary>
    TrustHardware,
}
