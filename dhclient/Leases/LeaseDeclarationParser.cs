using System.Globalization;
using System.Text;
using IPoIBDhcp.Wire.Options;
using K = IPoIBDhcp.Text.ConfigTokenKind;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Client.Leases;

/// <summary>
/// The body of a <c>lease { … }</c> block, which dhclient.conf (fallback leases) and dhclient.leases share,
/// as ISC's parse_client_lease_statement does: <c>interface</c>, <c>fixed-address</c>, <c>option</c>,
/// <c>renew</c>/<c>rebind</c>/<c>expire</c>, <c>bootp</c>, <c>filename</c>, <c>server-name</c>, <c>medium</c>.
/// </summary>
internal static class LeaseDeclarationParser
{
    /// <summary>Parses one block; null when a statement inside it was bad (reported, and the block is not trusted).</summary>
    public static ClientLease? Parse(ConfigTokenReader reader, DhcpOptionTable table, bool isStatic, string? impliedInterface)
    {
        int errorsBefore = reader.Errors.Count;
        var lease = new ClientLease { IsStatic = isStatic, Interface = impliedInterface };
        var keyword = reader.Next(); // 'lease'
        bool hasAddress = false;
        reader.Block("lease", () =>
        {
            var t = reader.Next();
            switch (t.Text.ToLowerInvariant())
            {
                case "interface" when t.Kind == K.Word:
                    lease.Interface = reader.ExpectString("an interface name in quotes");
                    reader.ExpectSemicolon("interface");
                    break;
                case "fixed-address" when t.Kind == K.Word:
                    lease.Address = reader.ExpectAddress("an IPv4 address");
                    hasAddress = true;
                    reader.ExpectSemicolon("fixed-address");
                    break;
                case "option" when t.Kind == K.Word:
                    ParseOption(reader, table, lease);
                    break;
                case "renew" when t.Kind == K.Word:
                    lease.Renewal = ParseDate(reader, "renew");
                    break;
                case "rebind" when t.Kind == K.Word:
                    lease.Rebinding = ParseDate(reader, "rebind");
                    break;
                case "expire" when t.Kind == K.Word:
                    lease.Expiry = ParseDate(reader, "expire");
                    break;
                case "bootp" when t.Kind == K.Word:
                    lease.IsBootp = true;
                    reader.ExpectSemicolon("bootp");
                    break;
                case "filename" when t.Kind == K.Word:
                    lease.FileName = Unquote(reader, "filename");
                    reader.ExpectSemicolon("filename");
                    break;
                case "server-name" when t.Kind == K.Word:
                    lease.ServerName = Unquote(reader, "server-name");
                    reader.ExpectSemicolon("server-name");
                    break;
                case "medium" when t.Kind == K.Word:
                    reader.ExpectString("a medium in quotes");
                    reader.ExpectSemicolon("medium");
                    break;
                default:
                    throw reader.Fail(t, $"{t.Describe()} is not a lease statement (expected interface, fixed-address, option, renew, rebind, expire, bootp, filename, server-name or medium)");
            }
        });
        if (reader.Errors.Count > errorsBefore) return null;
        if (!hasAddress) throw reader.Fail(keyword, "lease has no fixed-address");
        return lease;
    }

    private static string Unquote(ConfigTokenReader reader, string what)
    {
        var t = reader.Peek;
        reader.ExpectString($"a quoted {what}");
        return OptionValueCodec.TryUnquote(t.Text, out var bytes, out _) ? Encoding.Latin1.GetString(bytes) : t.Text[1..^1];
    }

    private static void ParseOption(ConfigTokenReader reader, DhcpOptionTable table, ClientLease lease)
    {
        var name = reader.ExpectWord("an option name");
        if (!ClientOptionNames.TryResolve(table, name.Text, out var def, out bool isV6))
            throw reader.Fail(name, $"unknown option '{name.Text}' (declare it with 'option {name.Text} code N = TYPE;')");
        var (text, first) = reader.RawValueUntilSemicolon($"option {name.Text}");
        if (isV6) return; // a DHCPv6 option in a v4 lease cannot come from a v4 server: nothing to keep
        if (!OptionValueCodec.TryEncode(def!, text, out var value, out var error)) throw reader.Fail(first, error);
        lease.Options[def!.Code] = value;
    }

    /// <summary>ISC's lease dates: <c>W YYYY/MM/DD HH:MM:SS;</c> in UTC, <c>never;</c> or <c>epoch N;</c>.</summary>
    private static DateTimeOffset ParseDate(ConfigTokenReader reader, string statement)
    {
        var t = reader.Peek;
        DateTimeOffset result;
        if (t.Is("never"))
        {
            reader.Next();
            result = DateTimeOffset.MaxValue;
        }
        else if (t.Is("epoch"))
        {
            reader.Next();
            result = DateTimeOffset.FromUnixTimeSeconds(reader.ExpectNumber("seconds since the epoch"));
        }
        else
        {
            var weekday = reader.ExpectWord("a weekday number (0-6)");
            if (weekday.Text.Length != 1 || weekday.Text[0] is < '0' or > '6')
                throw reader.Fail(weekday, $"expected a weekday number (0-6), found {weekday.Describe()}");
            var date = reader.ExpectWord("a date YYYY/MM/DD");
            var time = reader.ExpectWord("a time HH:MM:SS");
            if (!DateTime.TryParseExact($"{date.Text} {time.Text}", "yyyy/M/d H:m:s", CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var dt))
                throw reader.Fail(date, $"'{date.Text} {time.Text}' is not a date (expected YYYY/MM/DD HH:MM:SS in UTC)");
            result = new DateTimeOffset(dt, TimeSpan.Zero);
        }
        reader.ExpectSemicolon(statement);
        return result;
    }
}
