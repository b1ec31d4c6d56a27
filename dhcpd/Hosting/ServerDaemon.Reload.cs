using System.Diagnostics;
using IPoIBDhcp.Hosting;
using IPoIBDhcp.Logging;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Server.Reload;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Server.Hosting;

/// <summary>
/// Reloading dhcpd.conf while serving (SIGHUP, or systemd's <c>ExecReload</c>): the file is read and checked off the
/// serving path, and only a configuration that passes replaces the running one; one that does not is refused with its
/// <c>file:line:col</c> lines in the log and the running one keeps serving. ISC's dhcpd has no reload (SIGHUP ends it);
/// restarting a head node's dhcpd drops every request that arrives during start-up, which a reload does not.
/// </summary>
public sealed partial class ServerDaemon
{
    /// <summary>Where SIGHUP's reload requests arrive; null when nothing can ask for one (the daemon then never reloads).</summary>
    public ReloadRequests? Reloads { get; init; }

    /// <summary>Serves every reload request until <paramref name="cancellationToken"/> ends, telling systemd when each starts and ends.</summary>
    private async Task ServeReloadsAsync(ConfigReloader reloader, ILeaseStore store, SystemdNotifier notifier, ILogSink log, CancellationToken cancellationToken)
    {
        if (Reloads is null) return;
        try
        {
            while (await Reloads.NextAsync(cancellationToken))
            {
                notifier.Reloading("reloading dhcpd.conf");
                bool applied = await ReloadOnceAsync(reloader, store, log, cancellationToken);
                notifier.Ready(applied ? "serving the reloaded dhcpd.conf" : "reload refused: serving the previous dhcpd.conf");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // dhcpd is stopping: a reload it had not applied yet is dropped with it, and the running configuration stands.
        }
    }

    /// <summary>Reads, checks and applies dhcpd.conf once, logging the outcome in one line (and a line per problem); true when applied.</summary>
    private async Task<bool> ReloadOnceAsync(ConfigReloader reloader, ILeaseStore store, ILogSink log, CancellationToken cancellationToken)
    {
        string configFile = commandLine.ResolveConfigFile(environment, exists);
        long started = Stopwatch.GetTimestamp();
        if (log.IsEnabled(LogSeverity.Info)) log.Write(LogSeverity.Info, $"Reloading {configFile}.");
        ReloadResult result;
        TimeSpan read = TimeSpan.Zero;
        try
        {
            var parsed = await Task.Run(() => DhcpdConfigParser.Parse(configFile), cancellationToken);
            read = Stopwatch.GetElapsedTime(started);
            if (!parsed.Success)
            {
                result = reloader.Refuse([.. parsed.Diagnostics.Select(d => d.ToString())], started);
            }
            else
            {
                // Warnings of a file that serves are the admin's to see, as at start-up.
                foreach (var d in parsed.Diagnostics) log.Write(LogSeverity.Warning, d.ToString());
                result = await reloader.ApplyAsync(WithLeaseFileHosts(parsed.Config!, store, log), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            result = reloader.Refuse([$"Can't open {configFile}: {SystemReason(ex, configFile)}"], started);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever went wrong, the configuration in force was not touched: it serves on, and the admin is told why.
            result = reloader.Refuse([$"internal error while reloading: {ErrorText.Of(ex)}"], started);
        }
        if (result.Applied)
        {
            if (log.IsEnabled(LogSeverity.Info))
                log.Write(LogSeverity.Info, $"Reloaded {configFile}: {result.Counts}; read in {read.TotalMilliseconds:0} ms, applied in {result.Duration.TotalMilliseconds:0} ms (requests paused {result.Paused.TotalMilliseconds:0.0} ms)");
            return true;
        }
        foreach (var problem in result.Problems) log.Write(LogSeverity.Error, problem);
        log.Write(LogSeverity.Error, $"Reload of {configFile} refused: {result}");
        return false;
    }
}
