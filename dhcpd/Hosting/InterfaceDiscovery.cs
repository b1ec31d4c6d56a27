using System.Net.NetworkInformation;
using System.Net.Sockets;
using IPoIBDhcp.Logging;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Hosting;

/// <summary>
/// What dhcpd serves when no interface is named (and no <c>--listen</c>): as ISC dhcpd, every interface that is up, not
/// loopback, and has an IPv4 address inside a declared subnet. Debian's <c>INTERFACESv4=""</c> relies on it. The other
/// interfaces that are up get ISC's "No subnet declaration" lines (as ISC 4.4.3 prints them, checked in a namespace with
/// veth pairs), and the choice is said in one line.
/// </summary>
internal static class InterfaceDiscovery
{
    /// <summary>One interface as the system reports it.</summary>
    /// <param name="Name">Its name (<c>ib0</c>).</param>
    /// <param name="Addresses">Its IPv4 addresses.</param>
    /// <param name="Usable">Up and not loopback.</param>
    internal readonly record struct SystemInterface(string Name, IReadOnlyList<IPv4Address> Addresses, bool Usable);

    /// <summary>The system's interfaces, in the order it lists them.</summary>
    public static IReadOnlyList<SystemInterface> List() =>
        [.. NetworkInterface.GetAllNetworkInterfaces().Select(n => new SystemInterface(
            n.Name,
            [.. n.GetIPProperties().UnicastAddresses
                .Where(a => a.Address.AddressFamily == AddressFamily.InterNetwork)
                .Select(a => IPv4Address.Parse(a.Address.ToString()))],
            n.NetworkInterfaceType != NetworkInterfaceType.Loopback && n.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown))];

    /// <summary>
    /// The names to serve among <paramref name="interfaces"/>: usable ones with an address <paramref name="inSubnet"/>
    /// accepts. What it chose, and why it left the others out, goes to <paramref name="log"/>.
    /// </summary>
    public static IReadOnlyList<string> Choose(IReadOnlyList<SystemInterface> interfaces, Func<IPv4Address, bool> inSubnet, ILogSink log)
    {
        var chosen = new List<string>();
        var described = new List<string>();
        foreach (var i in interfaces)
        {
            if (!i.Usable) continue;
            if (i.Addresses.FirstOrDefault(inSubnet) is { Value: not 0 } address)
            {
                chosen.Add(i.Name);
                described.Add($"{i.Name} ({address})");
                continue;
            }
            // ISC's wording for an interface it will not serve.
            if (log.IsEnabled(LogSeverity.Error))
            {
                // ISC 4.4.3 says it of an interface without any IPv4 address too (run in a namespace with veth pairs).
                log.Write(LogSeverity.Error, $"No subnet declaration for {i.Name} ({(i.Addresses.Count == 0 ? "no IPv4 addresses" : i.Addresses[0])}).");
                log.Write(LogSeverity.Error, $"** Ignoring requests on {i.Name}.  If this is not what you want, please write a subnet declaration in your dhcpd.conf file for the network segment to which interface {i.Name} is attached. **");
            }
        }
        if (chosen.Count > 0 && log.IsEnabled(LogSeverity.Info))
            log.Write(LogSeverity.Info, $"No interface named: serving {string.Join(", ", described)}, the interfaces with an address in a declared subnet");
        return chosen;
    }
}
