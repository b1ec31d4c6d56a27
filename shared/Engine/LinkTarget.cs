namespace IPoIBDhcp.Engine;

/// <summary>How an outgoing datagram reaches the next hop.</summary>
public enum LinkTargetKind
{
    /// <summary>Let the IP layer route it (UDP sockets: relays, unicast renewals).</summary>
    Routed,
    /// <summary>The link's broadcast address (on IPoIB: QPN 0xFFFFFF and the P_Key's broadcast MGID).</summary>
    Broadcast,
    /// <summary>A given link address (a client that has no IP address yet).</summary>
    Unicast,
}

/// <summary>The link-layer destination of a datagram.</summary>
/// <param name="Kind">Routed, broadcast or unicast.</param>
/// <param name="Address">The link address for <see cref="LinkTargetKind.Unicast"/>.</param>
public readonly record struct LinkTarget(LinkTargetKind Kind, LinkAddress Address = default)
{
    /// <summary>Routed by the IP layer.</summary>
    public static LinkTarget Routed => new(LinkTargetKind.Routed);

    /// <summary>The link broadcast.</summary>
    public static LinkTarget Broadcast => new(LinkTargetKind.Broadcast);

    /// <summary>A given link address.</summary>
    public static LinkTarget To(LinkAddress address) => new(LinkTargetKind.Unicast, address);
}
