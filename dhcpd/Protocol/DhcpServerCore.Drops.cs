using IPoIBDhcp.Logging;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Server.Protocol;

public sealed partial class DhcpServerCore
{
    /// <summary>
    /// ISC's silent drops once the client's parameters are known (its <c>ack_lease</c>, for an OFFER and an ACK alike):
    /// <c>deny booting</c>, an unknown client under <c>boot-unknown-clients off</c>, and a secs field below
    /// <c>min-secs</c>. True (the reason logged in ISC's words) when <paramref name="request"/> gets no reply.
    /// </summary>
    private bool Dropped(DhcpMessage request, ReplyParameters p, HostPlan? host, string what)
    {
        uint minSecs = p.Get(ServerParameters.MinSecs);
        string? why = p.Get(ServerParameters.Booting) is AccessMode.Deny or AccessMode.Ignore ? "booting disallowed"
            : host is null && !p.Get(ServerParameters.BootUnknownClients) ? "unknown client"
            : request.Seconds < minSecs ? $"configured min-secs value ({minSecs}) is greater than secs field ({request.Seconds}).  message dropped."
            : null;
        if (why is null) return false;
        Counters.Ignored();
        if (log.IsEnabled(LogSeverity.Info)) log.Write(LogSeverity.Info, $"{what}: {why}");
        return true;
    }
}
