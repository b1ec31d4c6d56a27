namespace IPoIBDhcp.Engine;

/// <summary>
/// What a backend can do, read by the protocol layers instead of asking which backend it is
/// (as Kea's packet filters report "can reply directly to a client without an address").
/// </summary>
[Flags]
public enum PortCapabilities
{
    /// <summary>Nothing beyond plain UDP to configured addresses.</summary>
    None = 0,
    /// <summary>Can send to the link broadcast (255.255.255.255 on the link, or the P_Key group on IPoIB).</summary>
    LinkBroadcast = 1,
    /// <summary>Can send to a given link address, reaching a client that has no IP address yet.</summary>
    LinkUnicast = 2,
    /// <summary>Reports the sender's link address on receive.</summary>
    ReportsLinkSource = 4,
    /// <summary>Receives datagrams sent to 255.255.255.255 and to addresses the host does not own.</summary>
    ReceivesUnconfigured = 8,
    /// <summary>The engine computes and verifies IP/UDP checksums itself (no NIC offload on this path).</summary>
    SoftwareChecksums = 16,
    /// <summary>
    /// Can send to an IP destination through the host's routing and neighbour resolution
    /// (<see cref="LinkTargetKind.Routed"/>). Packet sockets cannot: they need a link target.
    /// </summary>
    Routed = 32,
    /// <summary>
    /// The port keeps its own IPv4 address instead of a kernel interface keeping it (the emulated fabric): there is no
    /// interface for dhclient-script's <c>ip addr add</c> to configure, so a client hands the leased address to the port
    /// with <see cref="IDatagramPort.AssignLocalAddress"/>. Without it the address is the kernel's and the port only reports it.
    /// </summary>
    OwnsAddress = 64,
}
