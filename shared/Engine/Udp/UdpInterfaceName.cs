using System.Globalization;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Engine.Udp;

/// <summary>
/// The <c>udp:ADDRESS[:PORT]</c> interface names of the UDP backend (<c>udp:127.0.0.1:67</c>, <c>udp:0.0.0.0</c>):
/// what <c>--listen</c> gives dhcpd for relayed traffic.
/// </summary>
public static class UdpInterfaceName
{
    /// <summary>The prefix that selects the UDP backend.</summary>
    public const string Prefix = "udp:";

    /// <summary>Parses <c>udp:ADDRESS[:PORT]</c>; the port is null when the name gives none.</summary>
    public static bool TryParse(string? name, out IPv4Address address, out ushort? port)
    {
        address = default;
        port = null;
        if (name is null || !name.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        ReadOnlySpan<char> rest = name.AsSpan(Prefix.Length);
        int colon = rest.IndexOf(':');
        if (colon >= 0)
        {
            if (!ushort.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out ushort p))
                return false;
            port = p;
            rest = rest[..colon];
        }
        return IPv4Address.TryParse(rest, out address);
    }

    /// <summary>Formats <c>udp:ADDRESS:PORT</c>.</summary>
    public static string Format(IPv4Address address, ushort port) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{address}:{port}");
}
