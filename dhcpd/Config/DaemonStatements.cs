namespace IPoIBDhcp.Server.Config;

/// <summary>
/// The dhcpd.conf statements that configure the daemon rather than a reply: where its files are, which port it serves.
/// Read at global scope only; the command line wins over each (<c>-lf</c>, <c>-pf</c>, <c>-p</c>), as in ISC dhcpd.
/// </summary>
/// <param name="LeaseFileName"><c>lease-file-name</c>, or null.</param>
/// <param name="PidFileName"><c>pid-file-name</c>, or null.</param>
/// <param name="LocalPort"><c>local-port</c>, or null.</param>
/// <param name="LocalTimes"><c>db-time-format local</c>: lease times written as <c>epoch N; # local time</c>.</param>
public sealed record DaemonStatements(string? LeaseFileName, string? PidFileName, ushort? LocalPort, bool LocalTimes)
{
    /// <summary>None of them written.</summary>
    public static DaemonStatements None { get; } = new(null, null, null, false);
}
