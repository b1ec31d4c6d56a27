using G = IPoIBDhcp.Server.Config.DhcpdStatementGrammar;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// Daemon statements (<see cref="DaemonStatements"/>), and the ISC statements whose one value this server has always
/// had (<c>one-lease-per-client on</c>, <c>get-lease-hostnames off</c>, …): those values are accepted, the others refused
/// with the reason, never accepted and ignored.
/// </summary>
internal sealed partial class DhcpdConfigBuilder
{
    private DaemonStatements daemon = DaemonStatements.None;

    /// <summary>Reads a daemon statement or a fixed-behaviour flag; false when <paramref name="item"/> is neither.</summary>
    private bool TryReadDaemonStatement(BodyItem item, ScopeBuilder s)
    {
        string keyword = item.Keyword;
        if (keyword is not ("lease-file-name" or "pid-file-name" or "local-port" or "db-time-format" or "dhcp-cache-threshold"
            or "one-lease-per-client" or "get-lease-hostnames" or "stash-agent-options" or "always-reply-rfc1048" or "ignore-client-uids")) return false;
        if (item.Statement.HasBody) return false;
        if (keyword is "lease-file-name" or "pid-file-name" or "local-port" or "db-time-format" && s.Kind != ScopeKind.Global)
        {
            Error(item, $"'{keyword}' is only allowed at global scope");
            return true;
        }
        switch (keyword)
        {
            case "lease-file-name" or "pid-file-name":
                if (!Run(item, G.StringOnly, keyword, out var path)) break;
                if (path.Length == 0 || path.Contains('\0', StringComparison.Ordinal)) { Error(item, $"{keyword}: no file name given"); break; }
                daemon = keyword == "lease-file-name" ? daemon with { LeaseFileName = path } : daemon with { PidFileName = path };
                break;
            case "local-port":
                if (!Run(item, G.NumberOnly, keyword, out var port)) break;
                if (port is 0 or >= ushort.MaxValue) { Error(item, $"local-port: {port} is not a port number from 1 to 65534"); break; }
                daemon = daemon with { LocalPort = (ushort)port };
                break;
            case "db-time-format":
                if (!Run(item, G.WordOnly, keyword, out var format)) break;
                if (format.Is("default") || format.Is("local")) daemon = daemon with { LocalTimes = format.Is("local") };
                else Error(item.File, item.File.Text.PositionOf(format), $"db-time-format: unknown value '{format.Text}' (expected default or local)");
                break;
            case "dhcp-cache-threshold":
                if (Run(item, G.NumberOnly, keyword, out var percent) && percent != 0)
                    Error(item, $"'dhcp-cache-threshold {percent}' is not supported: every renewal is granted afresh and written to the lease file, as with 0");
                break;
            default:
                FixedBehaviour(item, keyword);
                break;
        }
        return true;
    }

    /// <summary>An on/off statement whose one value is this server's behaviour; the other value is refused with the reason.</summary>
    private void FixedBehaviour(BodyItem item, string keyword)
    {
        if (!Run(item, G.FlagOnly, keyword, out bool on)) return;
        string? refusal = (keyword, on) switch
        {
            ("one-lease-per-client", false) => "this server holds one lease per client: a client that takes a new address gives up its old one",
            ("get-lease-hostnames", true) => "it looks up the DNS name of every pool address at start-up; give names with 'option host-name' or use-host-decl-names",
            ("stash-agent-options", true) => "relay agent options are only seen on the request that carries them",
            ("always-reply-rfc1048", true) => "this server does not answer BOOTP clients",
            ("ignore-client-uids", true) => "IPoIB clients are known by their client identifier (RFC 4390 leaves chaddr empty)",
            _ => null,
        };
        if (refusal is not null) Error(item, $"'{keyword} {(on ? "on" : "off")}' is not supported: {refusal}");
    }
}
