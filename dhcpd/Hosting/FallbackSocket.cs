using IPoIBDhcp.Engine;
using IPoIBDhcp.Engine.Udp;
using IPoIBDhcp.Logging;

namespace IPoIBDhcp.Server.Hosting;

/// <summary>
/// Decides whether dhcpd needs ISC's fallback interface and opens it. A head node serving <c>ib0</c> through a packet
/// socket still gets relayed requests there (unicast to its address), but a packet socket cannot route the reply back
/// to the relay agent; ISC sends those through a UDP socket on <c>0.0.0.0:67</c> and so do we. Ports that route by
/// themselves (<c>--listen</c> sockets, the emulated fabric) need none.
/// </summary>
public static class FallbackSocket
{
    /// <summary>
    /// Opens the fallback when a served port lacks <see cref="PortCapabilities.Routed"/>; null when none does or the
    /// socket cannot be bound. A bind failure is logged with ISC's wording and is not fatal (as in ISC): the server
    /// then serves its links, and counts and logs each relayed reply it cannot send.
    /// </summary>
    public static async ValueTask<IDatagramPort?> OpenAsync(IReadOnlyList<IDatagramPort> served, ushort serverPort, ILogSink log, CancellationToken cancellationToken)
    {
        if (served.All(p => p.Capabilities.HasFlag(PortCapabilities.Routed))) return null;
        IDatagramPort fallback;
        try
        {
            fallback = await OpenSocketAsync(serverPort, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            if (log.IsEnabled(LogSeverity.Error))
            {
                log.Write(LogSeverity.Error, $"Can't bind to dhcp address 0.0.0.0:{serverPort}: {ex.Message}");
                log.Write(LogSeverity.Error, "Please make sure there is no other dhcp server running; replies to relay agents cannot be sent.");
            }
            return null;
        }
        if (log.IsEnabled(LogSeverity.Info)) log.Write(LogSeverity.Info, $"Sending on   Socket/fallback ({fallback.Name})");
        return fallback;
    }

    /// <summary>
    /// Opens ISC's fallback interface: a UDP socket on <c>0.0.0.0:</c><paramref name="serverPort"/> with SO_REUSEADDR,
    /// for the routed replies (to relay agents) of ports that send on their link only. The kernel routes, resolves the
    /// next hop and fragments, so the port enforces no MTU of its own: the reply was sized for the link it came in on.
    /// </summary>
    /// <exception cref="System.Net.Sockets.SocketException">The port cannot be bound (held by a socket without SO_REUSEADDR).</exception>
    private static ValueTask<IDatagramPort> OpenSocketAsync(ushort serverPort, CancellationToken cancellationToken) =>
        new UdpEngine(new UdpEngineOptions { ReuseAddress = true, Mtu = ushort.MaxValue, ReceiveBufferSize = FallbackReceiveBuffer })
            .OpenAsync(UdpInterfaceName.Format(Wire.IPv4Address.Any, serverPort), serverPort, cancellationToken);

    /// <summary>What the fallback socket queues: its datagrams are copies of what the ports receive, read only to be discarded.</summary>
    private const int FallbackReceiveBuffer = 64 * 1024;
}
