using System.Globalization;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Client.Hosting;

/// <summary>
/// Parses ISC dhclient's command line. Paths not given fall back to <c>PATH_DHCLIENT_CONF</c>,
/// <c>PATH_DHCLIENT_DB</c>, <c>PATH_DHCLIENT_PID</c>, <c>PATH_DHCLIENT_SCRIPT</c>, then Debian's defaults,
/// as ISC does. Bad usage yields the usage text (the caller prints it on stderr and exits 1, as ISC).
/// </summary>
public static class CommandLine
{
    /// <summary>The usage text, in ISC's layout.</summary>
    public const string Usage =
        "Usage: dhclient [-4] [-1dvrxq] [-w] [-nw] [-p <port>]\n" +
        "                [-s server-addr] [-cf config-file] [-lf lease-file]\n" +
        "                [-pf pid-file] [--no-pid] [-e VAR=val]\n" +
        "                [-sf script-file] [--fabric fabric-file] [interface ...]\n" +
        "       dhclient {--version|--help|-h}";

    /// <summary>Parses <paramref name="args"/>; on failure <paramref name="error"/> says why (usage follows it).</summary>
    public static bool TryParse(IReadOnlyList<string> args, Func<string, string?> environment, out CommandLineOptions options, out string error)
    {
        var o = new CommandLineOptions();
        bool cf = false, lf = false, pf = false, sf = false;
        var interfaces = new List<string>();
        error = "";
        options = o;
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            string? Value()
            {
                if (i + 1 >= args.Count) return null;
                return args[++i];
            }
            switch (a)
            {
                case "-4": break;
                case "-6" or "-S" or "-N" or "-T" or "-P" or "-D":
                    error = $"{a}: DHCPv6 is not supported by this dhclient";
                    return false;
                case "-1": o = o with { OneTry = true }; break;
                case "-d": o = o with { Foreground = true, Verbose = true }; break;
                case "-v": o = o with { Verbose = true }; break;
                case "-q": o = o with { Verbose = false }; break;
                case "-r": o = o with { Release = true, Exit = false, Foreground = true }; break;
                case "-x": o = o with { Exit = true, Release = false }; break;
                case "-w": o = o with { Persist = true }; break;
                case "-nw": o = o with { NoWait = true }; break;
                case "--no-pid": o = o with { NoPidFile = true }; break;
                case "-p":
                    if (Value() is not { } p || !ushort.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out ushort port) || port < 2)
                    {
                        error = "-p needs a port number from 2 to 65535";
                        return false;
                    }
                    o = o with { Port = port };
                    break;
                case "-s":
                    if (Value() is not { } s || !IPv4Address.TryParse(s, out var server))
                    {
                        error = "-s needs the server's IPv4 address";
                        return false;
                    }
                    o = o with { Server = server };
                    break;
                case "-cf" or "-lf" or "-pf" or "-sf" or "--fabric":
                    if (Value() is not { } path || path.Length == 0)
                    {
                        error = $"{a} needs a file name";
                        return false;
                    }
                    o = a switch
                    {
                        "-cf" => o with { ConfigFile = path },
                        "-lf" => o with { LeaseFile = path },
                        "-pf" => o with { PidFile = path },
                        "-sf" => o with { ScriptFile = path },
                        _ => o with { FabricFile = path },
                    };
                    cf |= a == "-cf";
                    lf |= a == "-lf";
                    pf |= a == "-pf";
                    sf |= a == "-sf";
                    break;
                case "-e":
                    if (Value() is not { } kv || kv.IndexOf('=') <= 0)
                    {
                        error = "-e needs VAR=value";
                        return false;
                    }
                    int eq = kv.IndexOf('=');
                    o = o with { ScriptEnvironment = o.ScriptEnvironment.SetItem(kv[..eq], kv[(eq + 1)..]) };
                    break;
                default:
                    if (a.StartsWith('-'))
                    {
                        error = $"unknown option {a}";
                        return false;
                    }
                    if (a.Length >= 16)
                    {
                        error = $"{a}: interface name too long (is {a.Length})";
                        return false;
                    }
                    interfaces.Add(a);
                    break;
            }
        }
        if (!cf && environment("PATH_DHCLIENT_CONF") is { Length: > 0 } c) o = o with { ConfigFile = c };
        if (!lf && environment("PATH_DHCLIENT_DB") is { Length: > 0 } l) o = o with { LeaseFile = l };
        if (!pf && environment("PATH_DHCLIENT_PID") is { Length: > 0 } pid) o = o with { PidFile = pid };
        if (!sf && environment("PATH_DHCLIENT_SCRIPT") is { Length: > 0 } scr) o = o with { ScriptFile = scr };
        options = o with { Interfaces = [.. interfaces] };
        return true;
    }
}
