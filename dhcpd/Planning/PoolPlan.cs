using IPoIBDhcp.Server.Allocation;

namespace IPoIBDhcp.Server.Planning;

/// <summary>A pool's ranges as allocatable bitmaps, and who may draw from it.</summary>
/// <param name="Ranges">One bitmap per <c>range</c> statement.</param>
/// <param name="Admits">The pool's allow/deny rules applied to one request's facts.</param>
/// <param name="Tag">The config node it came from, for parameter resolution.</param>
public sealed record PoolPlan(IReadOnlyList<AddressPool> Ranges, Func<PoolAdmission, bool> Admits, object? Tag = null);

/// <summary>The facts pool permits (<c>allow known-clients</c>, <c>deny members of "x"</c>) are judged on.</summary>
/// <param name="KnownClient">True when a host stanza matches the client.</param>
/// <param name="Classes">Names of the classes the request matched.</param>
/// <param name="IsBootp">True for a BOOTP (not DHCP) request.</param>
public readonly record struct PoolAdmission(bool KnownClient, IReadOnlyCollection<string> Classes, bool IsBootp);
