using IPoIBDhcp.Hosting;
using IPoIBDhcp.Logging;

namespace IPoIBDhcp.Client.Hosting;

/// <summary>dhclient's link to a waiting parent and to systemd (see <see cref="ClientReadiness"/>).</summary>
public sealed partial class DhclientApp
{
    /// <summary>The waiting parent of a background start, told at the first binding (or at once with -nw); null in the foreground.</summary>
    public DetachedChild? Background { get; init; }

    private SystemdNotifier CreateNotifier(ILogSink log) =>
        SystemdNotifier.FromEnvironment(environment, line => log.Write(LogSeverity.Warning, line));
}
