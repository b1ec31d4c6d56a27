namespace IPoIBDhcp.Server.Logging;

/// <summary>Syslog severities the server uses.</summary>
public enum LogSeverity
{
    /// <summary>Configuration or I/O errors.</summary>
    Error = 3,
    /// <summary>Something an admin should look at (refused requests, exhausted pools).</summary>
    Warning = 4,
    /// <summary>The ISC DHCP* lines.</summary>
    Info = 6,
    /// <summary>Routing and selection details.</summary>
    Debug = 7,
}
