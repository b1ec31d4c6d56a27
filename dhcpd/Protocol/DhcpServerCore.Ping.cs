using IPoIBDhcp.Engine;
using IPoIBDhcp.Logging;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Logging;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Server.Protocol;

public sealed partial class DhcpServerCore
{
    /// <summary>
    /// Whether an address about to be offered on <paramref name="link"/> can be pinged through this host's IP stack: the
    /// request came in directly (not through a relay, whose network the ping would have to be routed to) on a port
    /// whose address the kernel holds and that lies on the link. A port of the emulated fabric keeps its address itself
    /// (<see cref="PortCapabilities.OwnsAddress"/>): no kernel interface is on that link, so nothing is pinged there.
    /// </summary>
    private static bool CanPing(DhcpMessage request, in PortContext port, NetworkLink link) =>
        request.GatewayAddress.IsAny
        && !port.Capabilities.HasFlag(PortCapabilities.OwnsAddress)
        && port.LocalAddress is { } local && link.SubnetOf(local) is not null;

    /// <summary><c>ping-timeout-ms</c> when above 0, else <c>ping-timeout</c> seconds (ISC 4.4's rule).</summary>
    private static TimeSpan PingTimeoutOf(ReplyParameters parameters) =>
        parameters.Get(ServerParameters.PingTimeoutMs) is > 0 and var ms
            ? TimeSpan.FromMilliseconds(ms)
            : TimeSpan.FromSeconds(parameters.Get(ServerParameters.PingTimeout));

    /// <summary>
    /// Something answered the ping of an address about to be offered to <paramref name="request"/>'s client: as ISC, log
    /// it and abandon the address (for abandon-lease-time); returns the record to commit, or a silent decision when the
    /// offer is no longer held (it expired or was replaced meanwhile). The caller then decides the request again.
    /// </summary>
    public ServerDecision AbandonPinged(DhcpMessage request, IPv4Address address, DateTimeOffset now)
    {
        if (!keys.TryResolve(request.ClientIdentifier, request.HardwareType, request.ClientHardwareAddress, out var key)) return ServerDecision.Silent;
        lock (gate)
        {
            if (log.IsEnabled(LogSeverity.Error)) log.Write(LogSeverity.Error, $"ICMP Echo reply while lease {address} valid.");
            if (!allocator.TryAbandon(key, address, now)) return ServerDecision.Silent;
            if (log.IsEnabled(LogSeverity.Error)) log.Write(LogSeverity.Error, $"Abandoning IP address {address}: pinged before offer");
            return Record(request, address, now);
        }
    }

    /// <summary>Logs an OFFER the host sent after its ping check found the address unused.</summary>
    public void OfferSent(PingCheck ping)
    {
        if (log.IsEnabled(LogSeverity.Info)) log.Write(LogSeverity.Info, ping.OfferLine);
    }
}
