using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using T = IPoIBDhcp.Wire.Options.OptionValueType;

namespace IPoIBDhcp.Wire.Options;

/// <summary>
/// The option table: code, ISC name, format (RFC 2132 and the later RFCs ISC dhcpd 4.4 knows by name).
/// An immutable instance; <see cref="Standard"/> is the built-in table and
/// <see cref="With(DhcpOptionDefinition)"/> adds site options declared with <c>option NAME code N = TYPE;</c>.
/// </summary>
public sealed class DhcpOptionTable
{
    private readonly FrozenDictionary<string, DhcpOptionDefinition> byName;
    private readonly DhcpOptionDefinition?[] byCode;

    private DhcpOptionTable(IEnumerable<DhcpOptionDefinition> definitions)
    {
        byCode = new DhcpOptionDefinition?[256];
        var names = new Dictionary<string, DhcpOptionDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var d in definitions)
        {
            if (byCode[d.Code] is { } old) names.Remove(old.Name);
            byCode[d.Code] = d;
            names[d.Name] = d;
        }
        byName = names.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Every defined option, ordered by code.</summary>
    public IEnumerable<DhcpOptionDefinition> All => byCode.Where(d => d is not null)!;

    /// <summary>The definition for <paramref name="code"/>, or null for an unknown option.</summary>
    public DhcpOptionDefinition? this[byte code] => byCode[code];

    /// <summary>Looks an option up by its ISC name (case-insensitive, as ISC's lexer).</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out DhcpOptionDefinition? definition) =>
        byName.TryGetValue(name, out definition);

    /// <summary>A new table with <paramref name="definition"/> added or replacing the same code.</summary>
    public DhcpOptionTable With(DhcpOptionDefinition definition) => new(All.Append(definition));

    /// <summary>The built-in table.</summary>
    public static DhcpOptionTable Standard { get; } = new(
    [
        new(1, "subnet-mask", T.IPv4Address),
        new(2, "time-offset", T.Int32),
        new(3, "routers", T.IPv4Address, true),
        new(4, "time-servers", T.IPv4Address, true),
        new(5, "ien116-name-servers", T.IPv4Address, true),
        new(6, "domain-name-servers", T.IPv4Address, true),
        new(7, "log-servers", T.IPv4Address, true),
        new(8, "cookie-servers", T.IPv4Address, true),
        new(9, "lpr-servers", T.IPv4Address, true),
        new(10, "impress-servers", T.IPv4Address, true),
        new(11, "resource-location-servers", T.IPv4Address, true),
        new(12, "host-name", T.Text),
        new(13, "boot-size", T.UInt16),
        new(14, "merit-dump", T.Text),
        new(15, "domain-name", T.Text),
        new(16, "swap-server", T.IPv4Address),
        new(17, "root-path", T.Text),
        new(18, "extensions-path", T.Text),
        new(19, "ip-forwarding", T.Boolean),
        new(20, "non-local-source-routing", T.Boolean),
        new(21, "policy-filter", T.IPv4AddressPair, true),
        new(22, "max-dgram-reassembly", T.UInt16),
        new(23, "default-ip-ttl", T.UInt8),
        new(24, "path-mtu-aging-timeout", T.UInt32),
        new(25, "path-mtu-plateau-table", T.UInt16, true),
        new(26, "interface-mtu", T.UInt16),
        new(27, "all-subnets-local", T.Boolean),
        new(28, "broadcast-address", T.IPv4Address),
        new(29, "perform-mask-discovery", T.Boolean),
        new(30, "mask-supplier", T.Boolean),
        new(31, "router-discovery", T.Boolean),
        new(32, "router-solicitation-address", T.IPv4Address),
        new(33, "static-routes", T.IPv4AddressPair, true),
        new(34, "trailer-encapsulation", T.Boolean),
        new(35, "arp-cache-timeout", T.UInt32),
        new(36, "ieee802-3-encapsulation", T.Boolean),
        new(37, "default-tcp-ttl", T.UInt8),
        new(38, "tcp-keepalive-interval", T.UInt32),
        new(39, "tcp-keepalive-garbage", T.Boolean),
        new(40, "nis-domain", T.Text),
        new(41, "nis-servers", T.IPv4Address, true),
        new(42, "ntp-servers", T.IPv4Address, true),
        new(43, "vendor-encapsulated-options", T.Encapsulated),
        new(44, "netbios-name-servers", T.IPv4Address, true),
        new(45, "netbios-dd-server", T.IPv4Address, true),
        new(46, "netbios-node-type", T.UInt8),
        new(47, "netbios-scope", T.Text),
        new(48, "font-servers", T.IPv4Address, true),
        new(49, "x-display-manager", T.IPv4Address, true),
        new(50, "dhcp-requested-address", T.IPv4Address),
        new(51, "dhcp-lease-time", T.UInt32),
        new(52, "dhcp-option-overload", T.UInt8),
        new(53, "dhcp-message-type", T.UInt8),
        new(54, "dhcp-server-identifier", T.IPv4Address),
        new(55, "dhcp-parameter-request-list", T.UInt8, true),
        new(56, "dhcp-message", T.Text),
        new(57, "dhcp-max-message-size", T.UInt16),
        new(58, "dhcp-renewal-time", T.UInt32),
        new(59, "dhcp-rebinding-time", T.UInt32),
        new(60, "vendor-class-identifier", T.Binary),
        new(61, "dhcp-client-identifier", T.Binary),
        new(62, "nwip-domain", T.Binary),
        new(64, "nisplus-domain", T.Text),
        new(65, "nisplus-servers", T.IPv4Address, true),
        new(66, "tftp-server-name", T.Text),
        new(67, "bootfile-name", T.Text),
        new(68, "mobile-ip-home-agent", T.IPv4Address, true),
        new(69, "smtp-server", T.IPv4Address, true),
        new(70, "pop-server", T.IPv4Address, true),
        new(71, "nntp-server", T.IPv4Address, true),
        new(72, "www-server", T.IPv4Address, true),
        new(73, "finger-server", T.IPv4Address, true),
        new(74, "irc-server", T.IPv4Address, true),
        new(75, "streettalk-server", T.IPv4Address, true),
        new(76, "streettalk-directory-assistance-server", T.IPv4Address, true),
        new(77, "user-class", T.Binary),
        new(82, "relay-agent-information", T.Encapsulated),
        new(85, "nds-servers", T.IPv4Address, true),
        new(86, "nds-tree-name", T.Text),
        new(87, "nds-context", T.Text),
        new(89, "bcms-controller-address", T.IPv4Address, true),
        new(90, "authenticate", T.Binary),
        new(91, "client-last-transaction-time", T.UInt32),
        new(92, "associated-ip", T.IPv4Address, true),
        new(93, "pxe-system-type", T.UInt16, true),
        new(94, "pxe-interface-id", T.Binary),
        new(97, "pxe-client-id", T.Binary),
        new(98, "uap-servers", T.Text),
        new(100, "pcode", T.Text),
        new(101, "tcode", T.Text),
        new(108, "v6-only-preferred", T.UInt32),
        new(114, "default-url", T.Text),
        new(116, "auto-config", T.UInt8),
        new(117, "name-service-search", T.UInt16, true),
        new(118, "subnet-selection", T.IPv4Address),
        new(119, "domain-search", T.DomainList),
        new(121, "rfc3442-classless-static-routes", T.UInt8, true),
        new(124, "vivco", T.Binary),
        new(125, "vivso", T.Binary),
    ]);
}
