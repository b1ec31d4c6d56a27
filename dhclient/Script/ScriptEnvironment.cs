using System.Globalization;
using IPoIBDhcp.Client.Leases;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;
using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Client.Script;

/// <summary>
/// The environment dhclient-script receives, variable for variable as ISC's script_init,
/// script_write_params and script_write_requested build it: <c>reason</c>, <c>interface</c>, <c>pid</c>;
/// per lease (<c>new_</c>/<c>old_</c>) <c>ip_address</c>, <c>next_server</c>, <c>network_number</c> and
/// <c>broadcast_address</c> (computed from the mask when the server sent none), <c>filename</c>,
/// <c>server_name</c>, every option by its name with <c>-</c> turned into <c>_</c>, and <c>expiry</c>
/// (seconds since the epoch); and <c>requested_NAME=1</c> for each requested option.
/// </summary>
public static class ScriptEnvironment
{
    /// <summary>The PATH ISC gives the script (it replaces the whole environment).</summary>
    public const string ClientPath = "/usr/ucb:/usr/bin:/usr/sbin:/bin:/sbin";

    /// <summary>Builds the variables for one script run; <paramref name="discarded"/> receives ISC's "suspect value" log lines.</summary>
    public static SortedDictionary<string, string> Build(ScriptReason reason, string interfaceName, ClientLease? oldLease, ClientLease? newLease,
        IEnumerable<byte> requested, DhcpOptionTable table, int pid, List<string>? discarded = null)
    {
        var env = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["reason"] = reason.ToString().ToUpperInvariant(),
            ["interface"] = interfaceName,
            ["pid"] = pid.ToString(CultureInfo.InvariantCulture),
            ["PATH"] = ClientPath,
        };
        if (oldLease is not null) WriteParams(env, "old_", oldLease, table, discarded);
        if (newLease is not null) WriteParams(env, "new_", newLease, table, discarded);
        if (reason != ScriptReason.Preinit && reason != ScriptReason.Fail)
        {
            foreach (byte code in requested)
            {
                if (table[code] is { } def) env[$"requested_{def.EnvironmentName}"] = "1";
            }
        }
        return env;
    }

    private static void WriteParams(SortedDictionary<string, string> env, string prefix, ClientLease lease, DhcpOptionTable table, List<string>? discarded)
    {
        env[prefix + "ip_address"] = lease.Address.ToString();
        if (lease.NextServer is { } next) env[prefix + "next_server"] = next.ToString();
        if (lease.SubnetMask is { } mask)
        {
            var network = lease.Address.Mask(mask);
            env[prefix + "network_number"] = network.ToString();
            if (!lease.Options.ContainsKey(DhcpOptionCode.BroadcastAddress))
                env[prefix + "broadcast_address"] = new IPv4Address(network.Value | ~mask.Value).ToString();
        }
        if (lease.FileName is { } file) Add(env, prefix, "filename", file, IsSafePath(file), discarded);
        if (lease.ServerName is { } sname) Add(env, prefix, "server_name", sname, IsDomainName(sname, false), discarded);
        foreach (var (code, value) in lease.Options)
        {
            if (value.Length == 0) continue;
            var def = table[code];
            string name = def?.EnvironmentName ?? $"unknown_{code}";
            string text = def is null ? OptionValueCodec.ToColonHex(value) : OptionValueCodec.Format(def, value, OptionTextStyle.ScriptEnvironment);
            Add(env, prefix, name, text, IsAcceptable(code, text), discarded);
        }
        long expiry = lease.Expiry == DateTimeOffset.MaxValue ? int.MaxValue : lease.Expiry.ToUnixTimeSeconds();
        env[prefix + "expiry"] = expiry.ToString(CultureInfo.InvariantCulture);
    }

    private static void Add(SortedDictionary<string, string> env, string prefix, string name, string value, bool ok, List<string>? discarded)
    {
        if (ok) env[prefix + name] = value;
        else discarded?.Add($"suspect value in {name} option - discarded");
    }

    // ISC's check_option_values: names that end up in shell commands must be plain domain names or paths.
    private static bool IsAcceptable(byte code, string text) => code switch
    {
        DhcpOptionCode.HostName or DhcpOptionCode.DomainName or 40 /* nis-domain */ or 64 /* nisplus-domain */ => IsDomainName(text, code == DhcpOptionCode.DomainName),
        119 /* domain-search */ => IsDomainName(text, true),
        DhcpOptionCode.RootPath => IsSafePath(text),
        _ => true,
    };

    private static bool IsDomainName(string text, bool allowSpaces) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' || (allowSpaces && c == ' '));

    private static bool IsSafePath(string text) =>
        !text.Any(c => c is '`' or '$' or ';' or '|' or '&' or '<' or '>' or '\\' or '\'' or '"' or '(' or ')' or '\n' or '\r' || char.IsControl(c));
}
