using System.Collections.Immutable;
using System.Net;

namespace IPoIBDhcp.Server.Hosting;

/// <summary>
/// dhcpd's command line, ISC flags first:
/// <c>dhcpd [-4] [-f] [-d] [-q] [-t | -T] [-p port] [-cf config-file] [-lf lease-file] [-pf pid-file]
/// [--no-pid] [--listen addr[:port]]... [--fabric fabric-file] [if0 ... ifN]</c>.
/// Anything of the form <c>--Key=value</c> or <c>--Section:Key=value</c> is a daemon setting for Microsoft.Extensions.Configuration.
/// </summary>
public sealed partial record ServerCommandLine
{
    /// <summary>Default server port; clients listen on the next one.</summary>
    public const ushort DefaultPort = 67;

    /// <summary>The usage text ISC prints on a bad command line.</summary>
    public const string Usage =
        "Usage: dhcpd [-4] [-f] [-d] [-q] [-t|-T] [-p <port>] [-cf config-file] [-lf lease-file]\n" +
        "             [-user user] [-group group] [-chroot dir]\n" +
        "             [-pf pid-file] [--no-pid] [--listen addr[:port]]... [--fabric fabric-file]\n" +
        "             [--Section:Key=value]... [if0 [...ifN]]\n" +
        "       dhcpd {--version|--help|-h}";

    /// <summary>-d: log to stderr, stay in the foreground.</summary>
    public bool Debug { get; init; }
    /// <summary>-f: stay in the foreground (without it dhcpd goes to the background once it serves, as ISC).</summary>
    public bool Foreground { get; init; }
    /// <summary>-q: no copyright banner.</summary>
    public bool Quiet { get; init; }
    /// <summary>-t: check the configuration and exit.</summary>
    public bool TestConfig { get; init; }
    /// <summary>-T: check the lease file and exit.</summary>
    public bool TestLeases { get; init; }
    /// <summary>-p: server port.</summary>
    public ushort Port { get; init; } = DefaultPort;
    /// <summary>True when -p was given: it then wins over dhcpd.conf's <c>local-port</c>, as in ISC.</summary>
    public bool PortGiven { get; init; }
    /// <summary>-cf, or null for the default search.</summary>
    public string? ConfigFile { get; init; }
    /// <summary>-lf, or null for the default.</summary>
    public string? LeaseFile { get; init; }
    /// <summary>-pf, or null for the default.</summary>
    public string? PidFile { get; init; }
    /// <summary>--no-pid.</summary>
    public bool NoPid { get; init; }
    /// <summary>--listen: UDP sockets for relayed traffic.</summary>
    public ImmutableArray<IPEndPoint> Listen { get; init; } = [];
    /// <summary>--fabric: serve emulated-fabric ports instead of real interfaces.</summary>
    public string? FabricFile { get; init; }
    /// <summary>Interfaces to serve.</summary>
    public ImmutableArray<string> Interfaces { get; init; } = [];
    /// <summary>Daemon settings given as --Section:Key=value.</summary>
    public ImmutableArray<string> SettingArguments { get; init; } = [];

    /// <summary>Parses <paramref name="args"/>; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out ServerCommandLine commandLine, out string error)
    {
        commandLine = new ServerCommandLine();
        var listen = ImmutableArray.CreateBuilder<IPEndPoint>();
        var interfaces = ImmutableArray.CreateBuilder<string>();
        var settings = ImmutableArray.CreateBuilder<string>();
        var c = commandLine;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string? Value()
            {
                if (i + 1 >= args.Count) return null;
                return args[++i];
            }
            switch (arg)
            {
                case "-4": break;
                case "-6": error = "DHCPv6 is not supported; this server is DHCPv4 only"; return false;
                case "-d": c = c with { Debug = true, Foreground = true }; break;
                case "-f": c = c with { Foreground = true }; break;
                case "-q": c = c with { Quiet = true }; break;
                case "-t": c = c with { TestConfig = true }; break;
                case "-T": c = c with { TestLeases = true }; break;
                case "--no-pid": c = c with { NoPid = true }; break;
                case "-p":
                    if (Value() is not { } p || !ushort.TryParse(p, out var port) || port == 0 || port == ushort.MaxValue)
                    {
                        error = "-p needs a port number from 1 to 65534";
                        return false;
                    }
                    c = c with { Port = port, PortGiven = true };
                    break;
                case "-user" or "-group" or "-chroot":
                    if (Value() is not { Length: > 0 } name)
                    {
                        error = $"{arg} needs a {(arg == "-chroot" ? "directory" : arg[1..])} name";
                        return false;
                    }
                    c = arg switch { "-user" => c with { User = name }, "-group" => c with { Group = name }, _ => c with { Chroot = name } };
                    break;
                case "-cf" or "-lf" or "-pf" or "--fabric":
                    if (Value() is not { Length: > 0 } file)
                    {
                        error = $"{arg} needs a file name";
                        return false;
                    }
                    c = arg switch
                    {
                        "-cf" => c with { ConfigFile = file },
                        "-lf" => c with { LeaseFile = file },
                        "-pf" => c with { PidFile = file },
                        _ => c with { FabricFile = file },
                    };
                    break;
                case "--listen":
                    if (Value() is not { } l || !TryParseEndpoint(l, out var endpoint))
                    {
                        error = "--listen needs addr[:port], e.g. 127.0.0.1:6767";
                        return false;
                    }
                    listen.Add(endpoint);
                    break;
                default:
                    if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('='))
                    {
                        settings.Add(arg);
                        break;
                    }
                    if (arg.StartsWith('-'))
                    {
                        error = $"unknown option {arg}";
                        return false;
                    }
                    interfaces.Add(arg);
                    break;
            }
        }
        if (c.TestConfig && c.TestLeases)
        {
            error = "-t and -T cannot be combined";
            return false;
        }
        // A --listen socket serves the server port: requests to any other are dropped by the server (replies to relays
        // also go to the server port), so a differing port is refused here rather than left silently deaf. An address
        // without a port takes -p, wherever -p stands on the line.
        for (int i = 0; i < listen.Count; i++)
        {
            if (listen[i].Port == 0) listen[i] = new IPEndPoint(listen[i].Address, c.Port);
            else if (listen[i].Port != c.Port)
            {
                error = $"--listen {listen[i]}: the port differs from the server port {c.Port} (give -p {listen[i].Port}, or --listen {listen[i].Address})";
                return false;
            }
        }
        commandLine = c with { Listen = listen.ToImmutable(), Interfaces = interfaces.ToImmutable(), SettingArguments = settings.ToImmutable() };
        error = "";
        return true;
    }

    /// <summary>An IPv4 <c>addr[:port]</c>; port 0 when none is given (it is then -p's).</summary>
    private static bool TryParseEndpoint(string text, out IPEndPoint endpoint)
    {
        endpoint = null!;
        if (IPEndPoint.TryParse(text, out var parsed) && parsed.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            endpoint = parsed;
            return true;
        }
        return false;
    }

    /// <summary>
    /// The configuration file: -cf, else ISC's <c>PATH_DHCPD_CONF</c>, else Debian's
    /// <c>/etc/dhcp/dhcpd.conf</c> when it exists, else ISC's <c>/etc/dhcpd.conf</c>.
    /// </summary>
    public string ResolveConfigFile(Func<string, string?> environment, Func<string, bool> exists) =>
        ConfigFile ?? environment("PATH_DHCPD_CONF") ?? (exists("/etc/dhcp/dhcpd.conf") ? "/etc/dhcp/dhcpd.conf" : "/etc/dhcpd.conf");

    /// <summary>
    /// The lease file: -lf, else <c>PATH_DHCPD_DB</c>, else dhcpd.conf's <c>lease-file-name</c> (<paramref name="configured"/>),
    /// else <c>/var/lib/dhcp/dhcpd.leases</c>: ISC's order (its dhcpd.c lets the flag and the variable win over the file).
    /// </summary>
    public string ResolveLeaseFile(Func<string, string?> environment, string? configured = null) =>
        LeaseFile ?? environment("PATH_DHCPD_DB") ?? configured ?? "/var/lib/dhcp/dhcpd.leases";

    /// <summary>
    /// The pid file: -pf, else <c>PATH_DHCPD_PID</c>, else dhcpd.conf's <c>pid-file-name</c> (<paramref name="configured"/>),
    /// else <c>/var/run/dhcpd.pid</c>; null with --no-pid.
    /// </summary>
    public string? ResolvePidFile(Func<string, string?> environment, string? configured = null) =>
        NoPid ? null : PidFile ?? environment("PATH_DHCPD_PID") ?? configured ?? "/var/run/dhcpd.pid";
}
