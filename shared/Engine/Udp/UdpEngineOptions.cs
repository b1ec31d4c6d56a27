namespace IPoIBDhcp.Engine.Udp;

/// <summary>Settings of the UDP socket backend.</summary>
public sealed record UdpEngineOptions
{
    /// <summary>
    /// The MTU the port enforces on sends; null: the MTU of the interface that owns the bound address (65535 for
    /// loopback), or 1500 when the socket is bound to 0.0.0.0 or the interface cannot be found.
    /// </summary>
    public int? Mtu { get; init; }

    /// <summary>
    /// SO_REUSEADDR before the bind, as ISC sets on its sockets: a send-mostly socket on <c>0.0.0.0:67</c> (dhcpd's
    /// fallback) then shares the port with another that asked the same, instead of failing to start.
    /// </summary>
    public bool ReuseAddress { get; init; }

    /// <summary>Kernel receive buffer in bytes (a relay fan-in during a boot storm arrives in bursts).</summary>
    public int ReceiveBufferSize { get; init; } = 1 << 20;
}
