using System.Collections.Immutable;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// Turns a host name written where ISC allows an address (<c>fixed-address node01;</c>, <c>option routers gw;</c>,
/// <c>next-server head;</c>) into its IPv4 addresses, once, when the configuration is loaded. A seam so tests name
/// hosts without touching DNS; the server uses <see cref="SystemHostNameResolver"/>.
/// </summary>
public interface IHostNameResolver
{
    /// <summary>The name's IPv4 addresses in the resolver's order; false with a plain <paramref name="error"/> when there are none.</summary>
    bool TryResolve(string name, out ImmutableArray<IPv4Address> addresses, out string error);
}
