using System.Collections.Immutable;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Client.Hosting;

/// <summary>The dhclient command line, with ISC's flags and Debian's default paths.</summary>
public sealed record CommandLineOptions
{
    /// <summary>Debian's dhclient.conf.</summary>
    public const string DefaultConfigFile = "/etc/dhcp/dhclient.conf";
    /// <summary>Debian's lease file.</summary>
    public const string DefaultLeaseFile = "/var/lib/dhcp/dhclient.leases";
    /// <summary>ISC's pid file.</summary>
    public const string DefaultPidFile = "/var/run/dhclient.pid";
    /// <summary>ISC's script.</summary>
    public const string DefaultScriptFile = "/sbin/dhclient-script";

    /// <summary><c>-1</c>: try once; exit 2 when no lease is obtained.</summary>
    public bool OneTry { get; init; }
    /// <summary><c>-r</c>: release the current lease and exit.</summary>
    public bool Release { get; init; }
    /// <summary><c>-x</c>: stop the running client without releasing.</summary>
    public bool Exit { get; init; }
    /// <summary><c>-d</c>: stay in the foreground (no background start after the first binding) and log to stderr.</summary>
    public bool Foreground { get; init; }
    /// <summary>Log to stderr (<c>-d</c> or <c>-v</c>, unless <c>-q</c> came later).</summary>
    public bool Verbose { get; init; }
    /// <summary><c>-w</c>: keep running when no interface is found.</summary>
    public bool Persist { get; init; }
    /// <summary><c>-nw</c>: go to the background as soon as the interfaces are open, without waiting for a lease.</summary>
    public bool NoWait { get; init; }
    /// <summary><c>-p</c>: the client port (the server port is one less); null for 68/67.</summary>
    public ushort? Port { get; init; }
    /// <summary><c>-s</c>: the server to send to instead of broadcasting.</summary>
    public IPv4Address? Server { get; init; }
    /// <summary><c>-cf</c>.</summary>
    public string ConfigFile { get; init; } = DefaultConfigFile;
    /// <summary><c>-lf</c>.</summary>
    public string LeaseFile { get; init; } = DefaultLeaseFile;
    /// <summary><c>-pf</c>.</summary>
    public string PidFile { get; init; } = DefaultPidFile;
    /// <summary><c>--no-pid</c>: write no pid file.</summary>
    public bool NoPidFile { get; init; }
    /// <summary><c>-sf</c>; null means dhclient.conf's <c>script</c> or the default.</summary>
    public string? ScriptFile { get; init; }
    /// <summary><c>--fabric FILE</c>: run on the emulated InfiniBand fabric described by FILE.</summary>
    public string? FabricFile { get; init; }
    /// <summary><c>-e VAR=value</c>: extra script environment.</summary>
    public ImmutableDictionary<string, string> ScriptEnvironment { get; init; } = ImmutableDictionary<string, string>.Empty;
    /// <summary>Interfaces named on the command line.</summary>
    public ImmutableArray<string> Interfaces { get; init; } = [];

    /// <summary>The client UDP port.</summary>
    public ushort ClientPort => Port ?? 68;

    /// <summary>The server UDP port.</summary>
    public ushort ServerPort => Port is { } p ? (ushort)(p - 1) : (ushort)67;
}
