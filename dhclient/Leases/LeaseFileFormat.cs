using System.Globalization;
using System.Text;
using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Client.Leases;

/// <summary>
/// Writes a lease exactly as ISC dhclient's write_client_lease does, so tools that read dhclient.leases
/// (NetworkManager, cloud-init, admins' scripts) see the format they know: two-space indent, options in
/// code order, times as <c>W YYYY/MM/DD HH:MM:SS</c> in UTC (W = weekday, 0 = Sunday) or <c>never</c>.
/// </summary>
public static class LeaseFileFormat
{
    /// <summary>The <c>lease { … }</c> block for <paramref name="lease"/>, ending in a newline.</summary>
    public static string Format(ClientLease lease, DhcpOptionTable table)
    {
        var sb = new StringBuilder();
        sb.Append("lease {\n");
        if (lease.IsBootp) sb.Append("  bootp;\n");
        if (lease.Interface is not null) sb.Append("  interface \"").Append(lease.Interface).Append("\";\n");
        sb.Append("  fixed-address ").Append(lease.Address).Append(";\n");
        if (lease.FileName is not null) sb.Append("  filename ").Append(Quote(lease.FileName)).Append(";\n");
        if (lease.ServerName is not null) sb.Append("  server-name ").Append(Quote(lease.ServerName)).Append(";\n");
        foreach (var (code, value) in lease.Options)
        {
            var def = table[code] ?? new DhcpOptionDefinition(code, $"unknown-{code}", OptionValueType.Binary);
            string text = OptionValueCodec.Format(def, value, OptionTextStyle.LeaseFile);
            // A binary value printed as text must still read back as bytes: quote it.
            if (def.Type is OptionValueType.Binary && !text.StartsWith('"') && !IsColonHex(text)) text = Quote(text);
            sb.Append("  option ").Append(def.Name);
            if (value.Length > 0) sb.Append(' ').Append(text);
            sb.Append(";\n");
        }
        sb.Append("  renew ").Append(FormatTime(lease.Renewal)).Append(";\n");
        sb.Append("  rebind ").Append(FormatTime(lease.Rebinding)).Append(";\n");
        sb.Append("  expire ").Append(FormatTime(lease.Expiry)).Append(";\n");
        sb.Append("}\n");
        return sb.ToString();
    }

    /// <summary>ISC's print_time: <c>W YYYY/MM/DD HH:MM:SS</c> in UTC, or <c>never</c> for an infinite lease.</summary>
    public static string FormatTime(DateTimeOffset time)
    {
        if (time == DateTimeOffset.MaxValue) return "never";
        var utc = time.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{(int)utc.DayOfWeek} {utc:yyyy'/'MM'/'dd HH':'mm':'ss}");
    }

    private static bool IsColonHex(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiHexDigit(c) || c == ':');

    private static string Quote(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in text)
        {
            if (c is '"' or '\\') sb.Append('\\').Append(c);
            else if (c is < ' ' or > '~') sb.Append('\\').Append(Convert.ToString(c & 0xff, 8).PadLeft(3, '0'));
            else sb.Append(c);
        }
        return sb.Append('"').ToString();
    }
}
