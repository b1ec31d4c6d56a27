using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Engine;

/// <summary>
/// One interface opened by an engine: the only thing dhcpd and dhclient talk to. The same protocol code
/// runs over a real <c>ib0</c> (packet sockets), a veth in a test namespace, a UDP socket for relayed
/// traffic, and the emulated fabric; it reads <see cref="Capabilities"/> rather than the backend's type.
/// </summary>
public interface IDatagramPort : IAsyncDisposable
{
    /// <summary>Interface name (<c>ib0</c>, <c>ib0.8001</c>, <c>veth0</c>, <c>udp:127.0.0.1:67</c>).</summary>
    string Name { get; }

    /// <summary>Link layer, deciding DHCP framing.</summary>
    LinkType LinkType { get; }

    /// <summary>This port's own link address (empty for UDP sockets).</summary>
    LinkAddress LinkAddress { get; }

    /// <summary>The link broadcast address (on IPoIB: QPN 0xFFFFFF + the P_Key broadcast MGID).</summary>
    LinkAddress BroadcastAddress { get; }

    /// <summary>The partition of an IPoIB port (the child interface's P_Key, or 0xffff).</summary>
    PKey? PKey { get; }

    /// <summary>Largest IP datagram the link carries (2044 or 4092 in IPoIB datagram mode).</summary>
    int Mtu { get; }

    /// <summary>False while the link is down or, on IPoIB, while the subnet manager has not given the port its P_Key.</summary>
    bool HasCarrier { get; }

    /// <summary>What this backend can do.</summary>
    PortCapabilities Capabilities { get; }

    /// <summary>The IPv4 address configured on the interface, if any (the server's identifier on this link).</summary>
    IPv4Address? LocalAddress { get; }

    /// <summary>
    /// Sets <see cref="LocalAddress"/> (null removes it), as <c>ip addr add</c>/<c>del</c> does on a kernel interface: from
    /// then on the port receives unicasts to it and sends from it. Only for ports whose <see cref="Capabilities"/> have
    /// <see cref="PortCapabilities.OwnsAddress"/>.
    /// </summary>
    /// <exception cref="NotSupportedException">The address belongs to a kernel interface (no <see cref="PortCapabilities.OwnsAddress"/>).</exception>
    void AssignLocalAddress(IPv4Address? address);

    /// <summary>Traffic and drop counters.</summary>
    PortCounters Counters { get; }

    /// <summary>
    /// Sends one UDP datagram. The engine builds IP/UDP headers and checksums where the backend needs it.
    /// A datagram larger than <see cref="Mtu"/> is dropped and counted, as the link would.
    /// </summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> payload, DatagramEndpoints endpoints, LinkTarget target, CancellationToken cancellationToken);

    /// <summary>
    /// Waits for the next well-formed datagram for this port and copies its UDP payload into
    /// <paramref name="buffer"/>. Malformed datagrams, bad checksums and partition violations are
    /// counted and skipped here: they never reach the caller.
    /// </summary>
    ValueTask<ReceivedDatagram> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken);
}
