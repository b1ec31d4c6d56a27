using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Server.Logging;

/// <summary>
/// The lines admins grep for, worded as ISC dhcpd 4.4 words them. Where ISC prints the chaddr we print
/// it too; an IPoIB client has none (RFC 4390), so its client-id stands there, with the port GUID it
/// carries in parentheses so a node can be found by the GUID printed on its HCA.
/// </summary>
public static class IscLogLines
{
    /// <summary>How a request's client appears in a line: chaddr or client-id, then (guid …), then (hostname).</summary>
    public static string Who(DhcpMessage request) => new LogClient(request).ToString();

    /// <summary>The <c>via</c> part: giaddr for relayed requests, else the interface.</summary>
    public static string Via(DhcpMessage request, string interfaceName) =>
        request.GatewayAddress.IsAny ? interfaceName : request.GatewayAddress.ToString();

    /// <summary><c>DHCPDISCOVER from X via Y</c>.</summary>
    public static string Discover(DhcpMessage r, string via) => $"DHCPDISCOVER from {new LogClient(r)} via {via}";

    /// <summary><c>DHCPOFFER on A to X via Y</c>.</summary>
    public static string Offer(DhcpMessage r, IPv4Address a, string via) => $"DHCPOFFER on {a} to {new LogClient(r)} via {via}";

    /// <summary><c>DHCPREQUEST for A (S) from X via Y</c>.</summary>
    public static string Request(DhcpMessage r, IPv4Address a, string via) =>
        r.TryGetServerIdentifier(out var sid)
            ? $"DHCPREQUEST for {a} ({sid}) from {new LogClient(r)} via {via}"
            : $"DHCPREQUEST for {a} from {new LogClient(r)} via {via}";

    /// <summary><c>DHCPACK on A to X via Y</c>.</summary>
    public static string Ack(DhcpMessage r, IPv4Address a, string via) => $"DHCPACK on {a} to {new LogClient(r)} via {via}";

    /// <summary><c>DHCPNAK on A to X via Y</c>.</summary>
    public static string Nak(DhcpMessage r, IPv4Address a, string via) => $"DHCPNAK on {a} to {new LogClient(r)} via {via}";

    /// <summary><c>DHCPRELEASE of A from X via Y (found|not found)</c>.</summary>
    public static string Release(DhcpMessage r, IPv4Address a, string via, bool found) =>
        $"DHCPRELEASE of {a} from {new LogClient(r)} via {via} ({(found ? "found" : "not found")})";

    /// <summary><c>DHCPDECLINE of A from X via Y: abandoned|not found</c>.</summary>
    public static string Decline(DhcpMessage r, IPv4Address a, string via, bool abandoned) =>
        $"DHCPDECLINE of {a} from {new LogClient(r)} via {via}: {(abandoned ? "abandoned" : "not found")}";

    /// <summary><c>DHCPINFORM from A via Y</c>.</summary>
    public static string Inform(DhcpMessage r, string via) => $"DHCPINFORM from {r.ClientAddress} via {via}";

    /// <summary><c>DHCPACK to A (X) via Y</c>: ISC's reply line for INFORM.</summary>
    public static string InformAck(DhcpMessage r, string via) => $"DHCPACK to {r.ClientAddress} ({new LogClient(r)}) via {via}";
}
