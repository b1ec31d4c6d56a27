using System.Net;
using System.Net.Sockets;
using IPoIBDhcp.Text;
using G = IPoIBDhcp.Server.Config.DhcpdStatementGrammar;
using K = IPoIBDhcp.Text.ConfigTokenKind;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// ISC statements for DNS updates and OMAPI, which real generated configurations carry but this server does not act on
/// yet. Each is read with its real syntax (a typo still fails with its position) and then said once, as a warning:
/// one line naming every such statement with the position of its first use (<see cref="NoEffectYetNote"/>).
/// </summary>
internal sealed partial class DhcpdConfigBuilder
{
    // First use of each statement with no effect yet, in the order first met.
    private readonly List<(string Name, SourcePosition Position)> noEffectYet = [];
    // Key names declared so far: ISC refuses a zone or omapi-key naming a key not declared before it.
    private readonly HashSet<string> keys = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The DNS-update and OMAPI statements read by <see cref="TryReadNoEffectYet"/>, with bodies or without.</summary>
    private static bool IsNoEffectYet(string keyword) => keyword.StartsWith("ddns-", StringComparison.Ordinal)
        || keyword is "update-static-leases" or "update-optimization" or "update-conflict-detection" or "do-forward-updates"
            or "key" or "zone" or "omapi-port" or "omapi-key";

    /// <summary>Reads a DNS-update or OMAPI statement; false when <paramref name="item"/> is none of them.</summary>
    private bool TryReadNoEffectYet(BodyItem item)
    {
        string keyword = item.Keyword;
        if (!IsNoEffectYet(keyword)) return false;
        if (keyword is "key" or "zone")
        {
            if (!item.Statement.HasBody) Error(item, $"'{keyword}' needs a {{ … }} block");
            else if (keyword == "key") ReadKey(item);
            else ReadZone(item);
            return true;
        }
        if (item.Statement.HasBody)
        {
            Error(item, $"'{item.Statement.Keyword.Text}' does not take a {{ … }} block");
            return true;
        }
        bool ok = keyword switch
        {
            "ddns-update-style" => ReadUpdateStyle(item),
            "ddns-updates" or "update-static-leases" or "update-optimization" or "update-conflict-detection" or "do-forward-updates"
                or "ddns-guard-id-must-match" or "ddns-other-guard-is-dynamic" => Run(item, G.FlagOnly, keyword, out _),
            "ddns-ttl" => Run(item, G.NumberOnly, keyword, out _),
            "ddns-domainname" or "ddns-rev-domainname" or "ddns-hostname" => Run(item, G.StringOnly, keyword, out _),
            "ddns-local-address4" => Run(item, G.AddressOnly, keyword, out _),
            "ddns-local-address6" => ReadIPv6(item),
            "omapi-port" => ReadPort(item),
            "omapi-key" => ReadKeyReference(item, item.Args, keyword),
            _ => Unknown(item),
        };
        if (ok && !(keyword == "ddns-update-style" && item.Args[0].Is("none"))) NoEffectYet(item, keyword);
        return true;
    }

    private bool Unknown(BodyItem item)
    {
        Error(item, $"unknown statement '{item.Statement.Keyword.Text}'");
        return false;
    }

    /// <summary>Records the statement's first use; said once, by <see cref="NoEffectYetNote"/>.</summary>
    private void NoEffectYet(BodyItem item, string name)
    {
        foreach (var (known, _) in noEffectYet)
            if (known == name) return;
        noEffectYet.Add((name, item.Position));
    }

    /// <summary>
    /// The one warning line for every statement read with no effect yet, at the first of them; null when there is none.
    /// A note, not an error: <c>dhcpd -t</c> still exits 0, and the server starts.
    /// </summary>
    private ConfigDiagnostic? NoEffectYetNote() => noEffectYet.Count == 0 ? null
        : new ConfigDiagnostic(noEffectYet[0].Position,
            "warning: accepted but with no effect yet (DNS updates and OMAPI are not implemented): "
            + string.Join(", ", noEffectYet.Select(x => $"{x.Name} ({Short(x.Position, noEffectYet[0].Position.File)})")))
        { IsNote = true };

    /// <summary><c>line:col</c> in the file the line is reported for, <c>file:line:col</c> in an included one.</summary>
    private static string Short(SourcePosition p, string file) => p.File == file ? $"{p.Line}:{p.Column}" : p.ToString();

    /// <summary>ISC 4.4's values: none, interim and standard; ad-hoc is refused by ISC itself ("no longer supported").</summary>
    private bool ReadUpdateStyle(BodyItem item)
    {
        if (!Run(item, G.WordOnly, "ddns-update-style", out var style)) return false;
        if (style.Is("none") || style.Is("interim") || style.Is("standard")) return true;
        Error(item.File, item.File.Text.PositionOf(style), style.Is("ad-hoc") || style.Is("ad_hoc")
            ? "ddns-update-style ad-hoc is no longer supported (ISC dhcpd 4.4 refuses it too); use interim, standard or none"
            : $"ddns-update-style: unknown value '{style.Text}' (expected none, interim or standard)");
        return false;
    }

    private bool ReadIPv6(BodyItem item)
    {
        if (!Run(item, G.WordOnly, item.Keyword, out var word)) return false;
        if (IPAddress.TryParse(word.Text, out var a) && a.AddressFamily == AddressFamily.InterNetworkV6) return true;
        Error(item.File, item.File.Text.PositionOf(word), $"{item.Keyword}: '{word.Text}' is not an IPv6 address");
        return false;
    }

    private bool ReadPort(BodyItem item)
    {
        if (!Run(item, G.NumberOnly, item.Keyword, out var port)) return false;
        if (port <= ushort.MaxValue) return true;
        Error(item, $"{item.Keyword}: {port} is not a port number (at most 65535)");
        return false;
    }

    /// <summary><c>key NAME</c> or <c>key "NAME"</c> naming a key declared earlier, as ISC requires.</summary>
    private bool ReadKeyReference(BodyItem item, ReadOnlySpan<ConfigToken> tokens, string what)
    {
        if (!RunOn(item, tokens, G.NameOnly, what, out var name)) return false;
        if (keys.Contains(name)) return true;
        Error(item.File, item.File.Text.PositionOf(tokens[0]), $"{what}: unknown key {name} (declare it with 'key {name} {{ … }}' before)");
        return false;
    }

    /// <summary><c>key NAME { algorithm NAME; secret BASE64; }</c>: both are required (ISC 4.4 crashes without them).</summary>
    private void ReadKey(BodyItem item)
    {
        if (!Run(item, G.NameOnly, "key", out var name)) return;
        bool algorithm = false, secret = false, ok = true;
        foreach (var statement in BodyOf(item))
        {
            var inner = new BodyItem(item.File, statement);
            if (statement.Error is { } structural) { Error(item.File, item.File.Text.PositionOf(statement.Terminator), structural); ok = false; continue; }
            if (statement.HasBody) { Error(inner, $"'{statement.Keyword.Text}' does not take a {{ … }} block"); ok = false; continue; }
            switch (inner.Keyword)
            {
                case "algorithm":
                    algorithm = true;
                    ok &= Run(inner, G.WordOnly, $"key {name}: algorithm", out _);
                    break;
                case "secret":
                    secret = true;
                    ok &= ReadSecret(inner, name);
                    break;
                default:
                    Error(inner, $"key {name}: unknown statement '{statement.Keyword.Text}' (expected algorithm or secret)");
                    ok = false;
                    break;
            }
        }
        if (ok && (!algorithm || !secret))
        {
            Error(item, $"key {name}: {(algorithm ? "no secret" : "no algorithm")} given");
            ok = false;
        }
        keys.Add(name);
        if (ok) NoEffectYet(item, "key");
    }

    /// <summary>The secret: base64, bare (<c>pRP5FapFoJ95JEL06sv4PQ==</c>, which lexes as a word and '=' signs) or quoted.</summary>
    private bool ReadSecret(BodyItem item, string key)
    {
        var args = item.Args;
        string text;
        if (args.Length == 1 && args[0].Kind == K.String)
        {
            if (!Run(item, G.StringOnly, $"key {key}: secret", out text)) return false;
        }
        else
        {
            if (args.IsEmpty || args[0].Kind != K.Word) return Run(item, G.StringOnly.Labelled("a base64 secret"), $"key {key}: secret", out _);
            text = "";
            foreach (var t in args)
            {
                if (t.Kind is not (K.Word or K.Equal))
                {
                    Error(item.File, item.File.Text.PositionOf(t), $"key {key}: secret: unexpected {t.Describe()}");
                    return false;
                }
                text += t.Text;
            }
        }
        if (text.Length > 0 && Convert.TryFromBase64String(text, new byte[text.Length], out _)) return true;
        Error(item.File, item.File.Text.PositionOf(args[0]), $"key {key}: secret is not base64");
        return false;
    }

    /// <summary><c>zone NAME { primary|secondary ADDRESS-OR-NAME; primary6|secondary6 ADDRESS; key NAME; }</c>.</summary>
    private void ReadZone(BodyItem item)
    {
        if (!Run(item, G.WordOnly, "zone", out var name)) return;
        string zone = name.Text;
        bool ok = true;
        foreach (var statement in BodyOf(item))
        {
            var inner = new BodyItem(item.File, statement);
            if (statement.Error is { } structural) { Error(item.File, item.File.Text.PositionOf(statement.Terminator), structural); ok = false; continue; }
            if (statement.HasBody) { Error(inner, $"'{statement.Keyword.Text}' does not take a {{ … }} block"); ok = false; continue; }
            switch (inner.Keyword)
            {
                case "primary" or "secondary":
                    // Name servers are looked up when an update is sent (ISC accepts a name it cannot resolve here).
                    ok &= Run(inner, DhcpdStatementGrammar.Words.Labelled("an address or host name"), $"zone {zone}: {inner.Keyword}", out _);
                    break;
                case "primary6" or "secondary6":
                    ok &= ReadIPv6(inner);
                    break;
                case "key":
                    ok &= ReadKeyReference(inner, inner.Args, $"zone {zone}: key");
                    break;
                default:
                    Error(inner, $"zone {zone}: unknown statement '{statement.Keyword.Text}' (expected primary, secondary, primary6, secondary6 or key)");
                    ok = false;
                    break;
            }
        }
        if (ok) NoEffectYet(item, "zone");
    }
}
