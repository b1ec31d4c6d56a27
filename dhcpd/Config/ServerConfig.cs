using System.Collections.Frozen;
using System.Collections.Immutable;
using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// An immutable snapshot of dhcpd.conf. A reload builds a new one and swaps it in, so a request in flight
/// never sees half of an old configuration and half of a new one.
/// </summary>
/// <param name="Global">The top-level scope.</param>
/// <param name="Subnets">Every subnet, in written order, wherever declared.</param>
/// <param name="SharedNetworks">Every shared-network, in written order.</param>
/// <param name="Hosts">Every host, in written order.</param>
/// <param name="Classes">Every class, in written order (the order classes are tried).</param>
/// <param name="OptionTable">The standard table plus the file's <c>option NAME code N = TYPE;</c> definitions.</param>
/// <param name="LogFacility">The <c>log-facility</c> name, or null.</param>
public sealed record ServerConfig(
    ConfigScope Global,
    ImmutableArray<Subnet> Subnets,
    ImmutableArray<SharedNetwork> SharedNetworks,
    ImmutableArray<Host> Hosts,
    ImmutableArray<ClassDeclaration> Classes,
    DhcpOptionTable OptionTable,
    string? LogFacility)
{
    /// <summary>The daemon's own statements: lease and pid file names, local port, lease time format.</summary>
    public DaemonStatements Daemon { get; init; } = DaemonStatements.None;

    /// <summary>Every option space with its options: ISC's built-in ones plus the file's <c>option space</c> and <c>option SPACE.NAME code</c> lines.</summary>
    public OptionSpaceTable OptionSpaces { get; init; } = OptionSpaceTable.Standard;

    /// <summary>Hosts by name (names are unique: checked at parse time).</summary>
    /// <remarks>
    /// A plain dictionary, not a frozen one: it is built on every load and reload and read only to count what a reload
    /// changed, and freezing 100,000 names cost more than all those lookups.
    /// </remarks>
    public IReadOnlyDictionary<string, Host> HostsByName { get; } = IndexByName(Hosts);

    private static Dictionary<string, Host> IndexByName(ImmutableArray<Host> hosts)
    {
        var byName = new Dictionary<string, Host>(hosts.Length, StringComparer.Ordinal);
        foreach (var host in hosts) byName.TryAdd(host.Name, host); // the first of a repeated name, as the check reports it
        return byName;
    }

    /// <summary>Classes by name, for <c>members of</c>.</summary>
    public FrozenDictionary<string, ClassDeclaration> ClassesByName { get; } = Classes.DistinctBy(c => c.Name, StringComparer.Ordinal).ToFrozenDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>The subnet holding <paramref name="address"/>, or null.</summary>
    public Subnet? FindSubnet(IPoIBDhcp.Wire.IPv4Address address) => Subnets.FirstOrDefault(s => s.Contains(address));
}
