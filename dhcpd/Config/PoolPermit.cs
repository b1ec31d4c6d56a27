using IPoIBDhcp.Text;

namespace IPoIBDhcp.Server.Config;

/// <summary>One <c>allow</c>/<c>deny</c> line of a pool: decides which clients may take addresses from it.</summary>
/// <param name="Allow">True for <c>allow</c>, false for <c>deny</c>.</param>
/// <param name="Kind">Which clients.</param>
/// <param name="ClassName">The class for <see cref="PoolPermitKind.MembersOf"/>, otherwise null.</param>
/// <param name="Position">Where the line is.</param>
public sealed record PoolPermit(bool Allow, PoolPermitKind Kind, string? ClassName, SourcePosition Position);
