using System.Net.Sockets;
using System.Text;

namespace IPoIBDhcp.Logging;

/// <summary>
/// Lines to the local syslog socket <c>/dev/log</c> with the configured facility (ISC
/// <c>log-facility</c>, default <c>daemon</c>), so existing rsyslog rules keep working.
/// Falls back to stderr when there is no syslog socket (containers). Errors go to stderr as well, as ISC's do
/// before it daemonises: an admin who starts the program at a terminal sees why it exited, not only an exit status.
/// </summary>
public sealed class SyslogLogSink : ILogSink, IDisposable
{
    private static readonly Dictionary<string, int> Facilities = new(StringComparer.OrdinalIgnoreCase)
    {
        ["kern"] = 0, ["user"] = 1, ["mail"] = 2, ["daemon"] = 3, ["auth"] = 4, ["syslog"] = 5, ["lpr"] = 6,
        ["news"] = 7, ["uucp"] = 8, ["cron"] = 9, ["authpriv"] = 10, ["ftp"] = 11,
        ["local0"] = 16, ["local1"] = 17, ["local2"] = 18, ["local3"] = 19, ["local4"] = 20, ["local5"] = 21,
        ["local6"] = 22, ["local7"] = 23,
    };

    private readonly Socket? socket;
    private readonly ILogSink fallback;
    private readonly int facility;
    private readonly string tag;

    /// <summary>Connects to <paramref name="path"/>; <paramref name="facilityName"/> as in ISC's log-facility.</summary>
    /// <param name="ident">The program name each line is tagged with (<c>dhcpd[pid]: </c>), as openlog's ident.</param>
    /// <param name="facilityName">The syslog facility.</param>
    /// <param name="threshold">The least severe level written.</param>
    /// <param name="path">The syslog socket.</param>
    /// <param name="stderr">Where errors are echoed and everything goes without a syslog socket; the process's stderr when null.</param>
    public SyslogLogSink(string ident, string facilityName, LogSeverity threshold, string path = "/dev/log", TextWriter? stderr = null)
    {
        Threshold = threshold;
        facility = Facilities.GetValueOrDefault(facilityName, 3);
        tag = $"{ident}[{Environment.ProcessId}]: ";
        fallback = new StderrLogSink(stderr ?? Console.Error, threshold);
        try
        {
            socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException)
        {
            socket?.Dispose();
            socket = null;
        }
    }

    /// <summary>True when the names a facility syslog knows.</summary>
    public static bool IsKnownFacility(string name) => Facilities.ContainsKey(name);

    /// <inheritdoc/>
    public LogSeverity Threshold { get; }

    /// <inheritdoc/>
    public void Write(LogSeverity severity, string line)
    {
        if (severity > Threshold) return;
        if (socket is null)
        {
            fallback.Write(severity, line);
            return;
        }
        try
        {
            socket.Send(Encoding.UTF8.GetBytes($"<{facility * 8 + (int)severity}>{tag}{line}"));
            if (severity <= LogSeverity.Error) fallback.Write(severity, line);
        }
        catch (SocketException)
        {
            fallback.Write(severity, line);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => socket?.Dispose();
}
