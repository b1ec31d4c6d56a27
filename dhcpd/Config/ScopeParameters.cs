using System.Collections.Frozen;
using System.Collections.Immutable;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// The parameters one scope sets. Every field is null when the scope does not set it, so scopes can be
/// layered (<see cref="Overlay"/>): the more specific scope wins field by field, and options merge code by code.
/// </summary>
public sealed record ScopeParameters
{
    /// <summary>No parameters: the identity of <see cref="Overlay"/>.</summary>
    public static ScopeParameters Empty { get; } = new();

    /// <summary><c>default-lease-time</c>, seconds.</summary>
    public uint? DefaultLeaseTime { get; init; }

    /// <summary><c>max-lease-time</c>, seconds.</summary>
    public uint? MaxLeaseTime { get; init; }

    /// <summary><c>min-lease-time</c>, seconds.</summary>
    public uint? MinLeaseTime { get; init; }

    /// <summary><c>authoritative;</c> (true) or <c>not authoritative;</c> (false).</summary>
    public bool? Authoritative { get; init; }

    /// <summary><c>next-server</c>: siaddr, the TFTP server.</summary>
    public IPv4Address? NextServer { get; init; }

    /// <summary><c>filename</c>: the boot file name.</summary>
    public string? Filename { get; init; }

    /// <summary><c>server-name</c>: sname.</summary>
    public string? ServerName { get; init; }

    /// <summary><c>server-identifier</c>: the option 54 value to send (ISC picks the interface address otherwise).</summary>
    public IPv4Address? ServerIdentifier { get; init; }

    /// <summary><c>ping-check</c>.</summary>
    public bool? PingCheck { get; init; }

    /// <summary><c>echo-client-id</c> (RFC 6842).</summary>
    public bool? EchoClientId { get; init; }

    /// <summary><c>allow|deny|ignore unknown-clients</c> outside a pool.</summary>
    public AccessMode? UnknownClients { get; init; }

    /// <summary><c>allow|deny|ignore bootp</c>.</summary>
    public AccessMode? Bootp { get; init; }

    /// <summary><c>allow|deny|ignore booting</c> (per host: refuse to serve that client at all).</summary>
    public AccessMode? Booting { get; init; }

    /// <summary><c>option NAME VALUE;</c> lines, as option code → wire bytes.</summary>
    public FrozenDictionary<byte, ImmutableArray<byte>> Options { get; init; } = FrozenDictionary<byte, ImmutableArray<byte>>.Empty;

    /// <summary><c>if</c> statements, applied after this scope's unconditional parameters, in written order.</summary>
    public ImmutableArray<ConditionalStatement> Conditionals { get; init; } = [];

    /// <summary>
    /// This scope layered over <paramref name="lower"/>: every field this scope sets wins; options merge per code.
    /// Conditionals are not carried (evaluate them first with <see cref="Evaluate"/>).
    /// </summary>
    public ScopeParameters Overlay(ScopeParameters lower)
    {
        FrozenDictionary<byte, ImmutableArray<byte>> options;
        if (lower.Options.Count == 0) options = Options;
        else if (Options.Count == 0) options = lower.Options;
        else
        {
            var merged = new Dictionary<byte, ImmutableArray<byte>>(lower.Options);
            foreach (var (code, value) in Options) merged[code] = value;
            options = merged.ToFrozenDictionary();
        }
        return new ScopeParameters
        {
            DefaultLeaseTime = DefaultLeaseTime ?? lower.DefaultLeaseTime,
            MaxLeaseTime = MaxLeaseTime ?? lower.MaxLeaseTime,
            MinLeaseTime = MinLeaseTime ?? lower.MinLeaseTime,
            Authoritative = Authoritative ?? lower.Authoritative,
            NextServer = NextServer ?? lower.NextServer,
            Filename = Filename ?? lower.Filename,
            ServerName = ServerName ?? lower.ServerName,
            ServerIdentifier = ServerIdentifier ?? lower.ServerIdentifier,
            PingCheck = PingCheck ?? lower.PingCheck,
            EchoClientId = EchoClientId ?? lower.EchoClientId,
            UnknownClients = UnknownClients ?? lower.UnknownClients,
            Bootp = Bootp ?? lower.Bootp,
            Booting = Booting ?? lower.Booting,
            Options = options,
        };
    }

    /// <summary>
    /// The parameters in force for <paramref name="request"/>: the unconditional ones with each
    /// <c>if</c> statement's taken branch laid over them, later statements over earlier ones.
    /// </summary>
    public ScopeParameters Evaluate(IOptionSource request)
    {
        var result = Conditionals.IsEmpty ? this : this with { Conditionals = [] };
        foreach (var conditional in Conditionals)
        {
            if (conditional.Select(request) is { } branch) result = branch.Evaluate(request).Overlay(result);
        }
        return result;
    }
}
