using System.Collections.Frozen;
using System.Collections.Immutable;
using IPoIBDhcp.Server.Config;

namespace IPoIBDhcp.Server.Planning;

/// <summary>
/// Everything a reply needs from the configuration once scopes, classes and conditionals have been resolved for one
/// request: every server parameter by key (<c>Get(ServerParameters.NextServer)</c>, the default where no scope set
/// it) and option values by code. It is the resolved scope set itself, not a copy of it field by field: a parameter
/// declared in <see cref="ServerParameters"/> reaches the reply with no code here. Resolved once per combination
/// of scopes and cached (<see cref="ConfigParameterResolver"/>), so a request reads it without allocating.
/// </summary>
public sealed class ReplyParameters
{
    private readonly ScopeParameters resolved;

    /// <summary>Wraps a resolved set: its <c>if</c> and option statements must already have run (<see cref="ScopeParameters.ApplyTo"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="resolved"/> still holds conditionals or option statements.</exception>
    public ReplyParameters(ScopeParameters resolved)
    {
        if (!resolved.Conditionals.IsEmpty) throw new ArgumentException("the parameters' if statements are not evaluated", nameof(resolved));
        if (!resolved.OptionStatements.IsEmpty) throw new ArgumentException("the parameters' option statements have not run", nameof(resolved));
        this.resolved = resolved;
    }

    /// <summary>Every parameter at its default and no options: what a client gets from an empty dhcpd.conf.</summary>
    public static ReplyParameters Defaults { get; } = new(ScopeParameters.Empty);

    /// <summary>The value of <paramref name="parameter"/> for this request.</summary>
    public T Get<T>(ServerParameter<T> parameter) => resolved.Get(parameter);

    /// <summary>Option values by code.</summary>
    public FrozenDictionary<byte, ImmutableArray<byte>> Options => resolved.Options;

    /// <summary>The <c>on commit|release|expiry</c> handlers in force for this request.</summary>
    public Config.Hooks.HookSet Hooks => resolved.Hooks;

    /// <summary>
    /// The lease time to grant when the client asked for <paramref name="requested"/> seconds (0 = not asked): the request
    /// or default-lease-time, then at most max-lease-time and at least min-lease-time, in that order as ISC's ack_lease does
    /// (so <c>max-lease-time 120;</c> alone caps the built-in default of 43200: Warewulf's template relies on it).
    /// </summary>
    public uint LeaseTimeFor(uint requested)
    {
        uint time = requested == 0 ? Get(ServerParameters.DefaultLeaseTime) : requested;
        return Math.Max(Math.Min(time, Get(ServerParameters.MaxLeaseTime)), Get(ServerParameters.MinLeaseTime));
    }
}
