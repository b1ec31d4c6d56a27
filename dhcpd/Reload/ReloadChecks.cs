using IPoIBDhcp.Server.Config;

namespace IPoIBDhcp.Server.Reload;

/// <summary>
/// What a reload cannot change, because the running daemon acted on it once at start-up (opened the lease file, wrote
/// the pid file, bound the port, opened syslog, started or not the hook runner). A new configuration that changes one
/// of them is refused whole, with a line per change, and the running one keeps serving: applying the rest would serve a
/// file that is not the one on disk, which the admin could not tell from the log.
/// </summary>
public static class ReloadChecks
{
    /// <summary>One line per statement of <paramref name="next"/> that differs from <paramref name="running"/> and needs a restart.</summary>
    /// <param name="running">The configuration in force.</param>
    /// <param name="next">The one to apply.</param>
    /// <param name="hooksRunnable">False when the daemon started without a hook runner (no <c>on</c> blocks then): new ones could not run.</param>
    public static List<string> Unchangeable(ServerConfig running, ServerConfig next, bool hooksRunnable)
    {
        var problems = new List<string>();
        var (was, now) = (running.Daemon, next.Daemon);
        void Check<T>(string statement, T before, T after)
        {
            if (!EqualityComparer<T>.Default.Equals(before, after))
                problems.Add($"{statement} cannot change on reload ({Show(before)} -> {Show(after)}): restart dhcpd to change it");
        }
        Check("lease-file-name", was.LeaseFileName, now.LeaseFileName);
        Check("pid-file-name", was.PidFileName, now.PidFileName);
        Check("local-port", was.LocalPort, now.LocalPort);
        Check("db-time-format", was.LocalTimes ? "local" : "default", now.LocalTimes ? "local" : "default");
        Check("log-facility", running.LogFacility, next.LogFacility);
        // Statements added to DaemonStatements later are covered too, if not named.
        if (problems.Count == 0 && was != now) problems.Add($"a daemon statement cannot change on reload ({was} -> {now}): restart dhcpd to change it");
        if (!hooksRunnable && Config.Hooks.HookScan.Any(next))
            problems.Add("'on commit/release/expiry' blocks cannot be added on reload to a server started without any: restart dhcpd to run them");
        return problems;
    }

    private static string Show<T>(T value) => value is null ? "unset" : value.ToString()!;
}
