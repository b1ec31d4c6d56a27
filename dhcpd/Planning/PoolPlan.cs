using IPoIBDhcp.Server.Allocation;
using IPoIBDhcp.Server.Config;

namespace IPoIBDhcp.Server.Planning;

/// <summary>A pool's ranges and who may draw from them; the allocator keeps which of their addresses are taken.</summary>
/// <param name="Ranges">One per <c>range</c> statement: the keys of the allocator's bitmaps (<see cref="AddressAllocator.PoolFor"/>).</param>
/// <param name="Admits">The pool's allow/deny rules applied to one request's facts.</param>
/// <param name="Declaration">The <c>pool</c> (or subnet's bare ranges) it came from, for parameter resolution.</param>
public sealed record PoolPlan(IReadOnlyList<PoolRange> Ranges, Func<PoolAdmission, bool> Admits, Pool? Declaration = null);

/// <summary>The facts pool permits (<c>allow known-clients</c>, <c>deny members of "x"</c>) are judged on.</summary>
/// <param name="KnownClient">True when a host stanza matches the client.</param>
/// <param name="Classes">Names of the classes the request matched.</param>
/// <param name="IsBootp">True for a BOOTP (not DHCP) request.</param>
public readonly record struct PoolAdmission(bool KnownClient, IReadOnlyCollection<string> Classes, bool IsBootp);
