using IPoIBDhcp.Hosting;
using IPoIBDhcp.Logging;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Server.Hosting;

/// <summary>
/// ISC's process habits in dhcpd's start-up: -user/-group looked up first and taken on once everything privileged is
/// open, the parent told (background start) and systemd told (READY=1) once the server serves, STOPPING=1 at the stop.
/// </summary>
public sealed partial class ServerDaemon
{
    // -user/-group, looked up before anything is opened; null when dhcpd keeps its user.
    private ServiceAccount? account;

    /// <summary>The waiting parent of a background start (<see cref="BackgroundStart"/>), told once dhcpd serves; null in the foreground.</summary>
    public DetachedChild? Background { get; init; }

    /// <summary>
    /// Checks -chroot and resolves -user/-group (ISC does both before reading dhcpd.conf, also for -t and -T);
    /// false when dhcpd cannot start, the reason written as one line.
    /// </summary>
    private async Task<bool> CheckProcessFlagsAsync()
    {
        if (commandLine.Chroot is { } root)
        {
            await stderr.WriteLineAsync($"dhcpd: -chroot {root}: not supported (dhcpd reads /sys and /proc and loads code after start-up, and re-reads dhcpd.conf on SIGHUP); confine it with systemd's RootDirectory= or ProtectSystem= instead");
            return false;
        }
        if (!ServiceAccount.TryResolve(commandLine.User, commandLine.Group, out account, out var error))
        {
            await stderr.WriteLineAsync($"dhcpd: {error}");
            return false;
        }
        return true;
    }

    /// <summary>
    /// The moment dhcpd serves: the sockets, lease file, pid file and metrics endpoint are open. Drops root for
    /// -user/-group (false, logged, when that fails: dhcpd must not serve as root when told otherwise), then tells
    /// systemd (READY=1) and a waiting parent, which then exits 0.
    /// </summary>
    private bool BecomeService(ILogSink log, SystemdNotifier notifier)
    {
        if (account is not null)
        {
            if (!account.TryBecome(out var error))
            {
                if (log.IsEnabled(LogSeverity.Error)) log.Write(LogSeverity.Error, $"{error} -- exiting");
                return false;
            }
            if (log.IsEnabled(LogSeverity.Info))
                log.Write(LogSeverity.Info, $"Running as {account.User ?? "root"} (uid {(account.User is null ? 0 : account.Uid)}), group {account.Group} (gid {account.Gid})");
        }
        notifier.Ready("Serving");
        Background?.Detach();
        return true;
    }

    /// <summary>The notifier for this run: READY/STOPPING go to <c>NOTIFY_SOCKET</c> when systemd set it; failures are logged.</summary>
    private SystemdNotifier CreateNotifier(ILogSink log) =>
        SystemdNotifier.FromEnvironment(environment, line =>
        {
            if (log.IsEnabled(LogSeverity.Warning)) log.Write(LogSeverity.Warning, line);
        });

    /// <summary>
    /// Removes the pid file at the stop. After -user the directory (/run) is usually root's and the file stays, as
    /// ISC's does; the next start overwrites it.
    /// </summary>
    private static void RemovePidFile(string pidFile, ILogSink log)
    {
        try
        {
            File.Delete(pidFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (log.IsEnabled(LogSeverity.Debug)) log.Write(LogSeverity.Debug, $"pid file {pidFile} left in place: {ErrorText.OfFile(ex, pidFile)}");
        }
    }
}
