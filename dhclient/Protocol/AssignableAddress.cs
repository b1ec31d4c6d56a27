using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Client.Protocol;

/// <summary>
/// Decides whether an address a server offers (yiaddr) could ever be a host's own address. ISC dhclient 4.4.3
/// binds whatever it is given, so a broken or hostile server can hand the script 255.255.255.255 or 127.0.0.1;
/// this client refuses such an OFFER or ACK instead (RFC 1122 section 3.2.1.3 lists the addresses a host
/// may not use as its own).
/// </summary>
public static class AssignableAddress
{
    /// <summary>
    /// Why <paramref name="address"/> cannot be configured on an interface, or null when it can.
    /// <paramref name="subnetMask"/> (option 1) adds the subnet's network and broadcast addresses, for prefixes
    /// shorter than /31 (RFC 3021 point-to-point links use both addresses of a /31).
    /// </summary>
    public static string? Problem(IPv4Address address, IPv4Address? subnetMask)
    {
        uint a = address.Value;
        if (a == 0) return "unspecified address";
        if (a == uint.MaxValue) return "limited broadcast address";
        if (a >> 24 == 0) return "'this network' address (0.0.0.0/8)";
        if (a >> 24 == 127) return "loopback address";
        if (a >> 28 == 0xE) return "multicast address";
        if (a >> 28 == 0xF) return "reserved class E address";
        if (subnetMask is { } mask && IsContiguous(mask.Value) && mask.Value != 0 && ~mask.Value > 1)
        {
            uint host = a & ~mask.Value;
            if (host == 0) return $"network address of its subnet (mask {mask})";
            if (host == ~mask.Value) return $"broadcast address of its subnet (mask {mask})";
        }
        return null;
    }

    private static bool IsContiguous(uint mask) => (~mask & (~mask + 1)) == 0;
}
