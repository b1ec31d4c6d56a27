namespace IPoIBDhcp.Logging;

/// <summary>The syslog severities dhcpd and dhclient log at (the numbers are syslog's).</summary>
public enum LogSeverity
{
    /// <summary>Configuration or I/O errors.</summary>
    Error = 3,
    /// <summary>Something an admin should look at (refused requests, exhausted pools, a damaged lease record skipped).</summary>
    Warning = 4,
    /// <summary>The ISC DHCP* lines and what a program is doing.</summary>
    Info = 6,
    /// <summary>Routing and selection details.</summary>
    Debug = 7,
}

/// <summary>Parses the <c>LogLevel</c> setting.</summary>
public static class LogLevels
{
    /// <summary><c>debug</c>, <c>info</c>, <c>warn</c>/<c>warning</c> or <c>error</c> (case-insensitive).</summary>
    public static bool TryParse(string text, out LogSeverity threshold)
    {
        threshold = text.ToLowerInvariant() switch
        {
            "debug" => LogSeverity.Debug,
            "info" => LogSeverity.Info,
            "warn" or "warning" => LogSeverity.Warning,
            "error" => LogSeverity.Error,
            _ => (LogSeverity)0,
        };
        return threshold != 0;
    }
}
