using System.Collections.Immutable;
using IPoIBDhcp.Client.Leases;
using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Client.Config;

/// <summary>A parsed dhclient.conf: top-level settings, per-interface settings, fallback leases and the option table with site options.</summary>
/// <param name="Global">Settings at the end of the top level (used for interfaces without a block).</param>
/// <param name="Interfaces">Settings of each <c>interface "…" { }</c> block, by name.</param>
/// <param name="FallbackLeases">The <c>lease { }</c> blocks: used when no server answers before <c>timeout</c>.</param>
/// <param name="Options">The standard table plus the file's <c>option NAME code N = TYPE;</c> declarations.</param>
public sealed record ClientConfiguration(
    ClientSettings Global,
    ImmutableDictionary<string, ClientSettings> Interfaces,
    ImmutableArray<ClientLease> FallbackLeases,
    DhcpOptionTable Options)
{
    /// <summary>An empty configuration, as ISC runs when dhclient.conf does not exist.</summary>
    public static ClientConfiguration Empty { get; } = new(new ClientSettings(), ImmutableDictionary<string, ClientSettings>.Empty, [], DhcpOptionTable.Standard);

    /// <summary>The settings for <paramref name="interfaceName"/>: its block, or the top level.</summary>
    public ClientSettings For(string interfaceName) =>
        Interfaces.TryGetValue(interfaceName, out var s) ? s : Global;

    /// <summary>The fallback leases that apply to <paramref name="interfaceName"/> (those naming it or no interface), in file order.</summary>
    public IEnumerable<ClientLease> FallbacksFor(string interfaceName) =>
        FallbackLeases.Where(l => l.Interface is null || l.Interface == interfaceName);
}
