using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Client.Leases;

/// <summary>
/// How dhclient resolves an option name, the same in dhclient.conf and in dhclient.leases (whose <c>lease { }</c>
/// blocks share one grammar): kept beside the lease grammar so the configuration reader uses it without the lease
/// reader depending on the configuration.
/// </summary>
internal static class ClientOptionNames
{
    /// <summary>
    /// Finds an option by name. <c>dhcp6.NAME</c> resolves as "a DHCPv6 option" (<paramref name="isDhcpv6"/>)
    /// with no definition; <c>dhcp.NAME</c> is the DHCPv4 space spelled out; any other space is unknown.
    /// </summary>
    public static bool TryResolve(DhcpOptionTable table, string name, out DhcpOptionDefinition? definition, out bool isDhcpv6)
    {
        definition = null;
        isDhcpv6 = false;
        int dot = name.IndexOf('.');
        if (dot >= 0)
        {
            string space = name[..dot];
            if (space.Equals("dhcp6", StringComparison.OrdinalIgnoreCase) && dot + 1 < name.Length)
            {
                isDhcpv6 = true;
                return true;
            }
            if (!space.Equals("dhcp", StringComparison.OrdinalIgnoreCase)) return false;
            name = name[(dot + 1)..];
        }
        if (table.TryGet(name, out var def))
        {
            definition = def;
            return true;
        }
        // ISC names options it has no definition for "unknown-N" in lease files; they round-trip as bytes.
        if (name.StartsWith("unknown-", StringComparison.OrdinalIgnoreCase) &&
            byte.TryParse(name.AsSpan(8), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out byte code) &&
            code is > 0 and < 255 && table[code] is null)
        {
            definition = new DhcpOptionDefinition(code, name.ToLowerInvariant(), OptionValueType.Binary);
            return true;
        }
        return false;
    }
}
