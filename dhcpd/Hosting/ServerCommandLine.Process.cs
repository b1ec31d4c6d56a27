using IPoIBDhcp.Hosting;

namespace IPoIBDhcp.Server.Hosting;

/// <summary>dhcpd's process flags (ISC's -user, -group, -chroot) and what follows from -d/-f/-t/-T for going to the background.</summary>
public sealed partial record ServerCommandLine
{
    /// <summary>-user: the user to become once the sockets and files are open; null to stay root.</summary>
    public string? User { get; init; }
    /// <summary>-group: the group to become (without it, -user's own group).</summary>
    public string? Group { get; init; }
    /// <summary>-chroot: refused at start-up (see docs/process.md); kept so the refusal can name it.</summary>
    public string? Chroot { get; init; }

    /// <summary>
    /// True when dhcpd goes to the background once it serves: ISC's default, unless -d or -f (or -t/-T, which only check).
    /// Under systemd's <c>Type=notify</c> (<c>NOTIFY_SOCKET</c> set) it stays: systemd wants the started process itself
    /// to serve and say READY=1.
    /// </summary>
    public bool GoesToBackground(Func<string, string?> environment) =>
        !Foreground && !TestConfig && !TestLeases && string.IsNullOrEmpty(environment(SystemdNotifier.SocketVariable));

    /// <summary>
    /// The same command line with -cf, -lf, -pf and --fabric made absolute against the current directory: a daemon
    /// changes to <c>/</c> once it serves, and a reload re-reads dhcpd.conf after that (ISC makes -lf absolute likewise).
    /// </summary>
    public ServerCommandLine WithAbsolutePaths() => this with
    {
        ConfigFile = ConfigFile is null ? null : Path.GetFullPath(ConfigFile),
        LeaseFile = LeaseFile is null ? null : Path.GetFullPath(LeaseFile),
        PidFile = PidFile is null ? null : Path.GetFullPath(PidFile),
        FabricFile = FabricFile is null ? null : Path.GetFullPath(FabricFile),
    };
}
