using IPoIBDhcp.Logging;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Server.Protocol;

public sealed partial class DhcpServerCore
{
    /// <summary>
    /// ISC's silent drops once the client's parameters are known (its <c>ack_lease</c>, dhcp.c of 4.4): a secs field below
    /// <c>min-secs</c> (for an OFFER only), an unknown client under <c>boot-unknown-clients off</c>, and <c>deny booting</c>
    /// (<c>ignore booting</c> drops without a log line, as ISC's). True (the reason logged in ISC's words) when
    /// <paramref name="request"/> gets no reply.
    /// </summary>
    private bool Dropped(DhcpMessage request, ReplyParameters p, HostPlan? host, string what, bool offering)
    {
        uint minSecs = p.Get(ServerParameters.MinSecs);
        var booting = p.Get(ServerParameters.Booting);
        string? why = offering && request.Seconds < minSecs ? $"configured min-secs value ({minSecs}) is greater than secs field ({request.Seconds}).  message dropped."
            : host is null && !p.Get(ServerParameters.BootUnknownClients) ? "unknown client"
            : booting is AccessMode.Deny or AccessMode.Ignore ? "booting disallowed"
            : null;
        if (why is null) return false;
        Counters.Ignored();
        bool quiet = why == "booting disallowed" && booting == AccessMode.Ignore;
        if (!quiet && log.IsEnabled(LogSeverity.Info)) log.Write(LogSeverity.Info, $"{what}: {why}");
        return true;
    }
}
