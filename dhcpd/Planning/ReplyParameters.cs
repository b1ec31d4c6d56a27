using System.Collections.Frozen;
using System.Collections.Immutable;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Planning;

/// <summary>
/// Everything a reply needs from the configuration once scopes, classes and conditionals have been
/// resolved for one request: lease times, boot parameters and option values by code.
/// </summary>
public sealed record ReplyParameters
{
    /// <summary>ISC's default <c>default-lease-time</c>: 43200 s.</summary>
    public uint DefaultLeaseTime { get; init; } = 43200;
    /// <summary>ISC's default <c>max-lease-time</c>: 86400 s.</summary>
    public uint MaxLeaseTime { get; init; } = 86400;
    /// <summary><c>min-lease-time</c>.</summary>
    public uint MinLeaseTime { get; init; }
    /// <summary><c>authoritative</c>: NAK requests for addresses that are wrong for the network.</summary>
    public bool Authoritative { get; init; }
    /// <summary><c>next-server</c> (siaddr).</summary>
    public IPv4Address? NextServer { get; init; }
    /// <summary><c>filename</c> (file field).</summary>
    public string? Filename { get; init; }
    /// <summary><c>server-name</c> (sname field).</summary>
    public string? ServerName { get; init; }
    /// <summary><c>server-identifier</c>; otherwise the receiving port's address.</summary>
    public IPv4Address? ServerIdentifier { get; init; }
    /// <summary><c>echo-client-id</c>: RFC 6842 makes echoing mandatory, so it defaults to true (ISC's default is false).</summary>
    public bool EchoClientId { get; init; } = true;
    /// <summary>Option values by code.</summary>
    public FrozenDictionary<byte, ImmutableArray<byte>> Options { get; init; } = FrozenDictionary<byte, ImmutableArray<byte>>.Empty;

    /// <summary>The lease time to grant when the client asked for <paramref name="requested"/> seconds (0 = not asked).</summary>
    public uint LeaseTimeFor(uint requested)
    {
        uint time = requested == 0 ? DefaultLeaseTime : Math.Min(requested, MaxLeaseTime);
        return Math.Max(time, MinLeaseTime);
    }
}
