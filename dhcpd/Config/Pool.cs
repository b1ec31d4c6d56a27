using System.Collections.Immutable;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// Dynamic addresses with their own access rules. Ranges written directly in a subnet form an implicit pool
/// (as ISC does) whose scope is the subnet's own, so the allocator only ever walks pools.
/// </summary>
/// <param name="Scope">The pool's scope (the subnet's scope for an implicit pool).</param>
/// <param name="Ranges">Address ranges.</param>
/// <param name="Permits">allow/deny lines; empty means every client may use the pool.</param>
/// <param name="IsImplicit">True for the pool formed by ranges written directly in a subnet.</param>
/// <param name="Position">Where the <c>pool</c> keyword (or the subnet, for an implicit pool) is.</param>
public sealed record Pool(ConfigScope Scope, ImmutableArray<AddressRange> Ranges, ImmutableArray<PoolPermit> Permits, bool IsImplicit, SourcePosition Position);
