using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using IPoIBDhcp.Wire;
using Pidgin;
using G = IPoIBDhcp.Server.Config.DhcpdStatementGrammar;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// Every server parameter dhcpd.conf sets, each declared once: its name, how it is written (and so its value type),
/// where it may stand and its default. Scopes inherit and override every one the same way (<see cref="ScopeParameters.Overlay"/>,
/// precedence in <see cref="ParameterResolver"/>), and the reply reads it by key:
/// <c>parameters.Get(ServerParameters.NextServer)</c>. Adding a parameter is a line here and its use in the reply.
/// </summary>
/// <remarks>
/// Option statements (<c>option NAME VALUE;</c>) are not here: they merge code by code and are written to the reply as
/// the client asks for them. Statements that configure the daemon rather than a client (<c>log-facility</c>) neither.
/// </remarks>
public static class ServerParameters
{
    /// <summary><c>default-lease-time</c>: seconds granted when the client asks for none; ISC's 43200.</summary>
    public static readonly ServerParameter<uint> DefaultLeaseTime = LeaseTime(0, "default-lease-time", 43200);

    /// <summary><c>max-lease-time</c>: the most a client may ask for; ISC's 86400.</summary>
    public static readonly ServerParameter<uint> MaxLeaseTime = LeaseTime(1, "max-lease-time", 86400);

    /// <summary><c>min-lease-time</c>: the least a client is granted.</summary>
    public static readonly ServerParameter<uint> MinLeaseTime = LeaseTime(2, "min-lease-time", 0);

    /// <summary><c>authoritative;</c> / <c>not authoritative;</c>: NAK requests for addresses wrong for the network.</summary>
    public static readonly ServerParameter<bool> Authoritative = Switch(3, "authoritative", false, notIn: ScopeKind.Host);

    /// <summary><c>next-server</c>: siaddr, the TFTP server.</summary>
    public static readonly ServerParameter<IPv4Address?> NextServer = Address(4, "next-server");

    /// <summary><c>filename</c>: the boot file name (the file field, or option 67 when it does not fit).</summary>
    public static readonly ServerParameter<string?> Filename = Text(5, "filename");

    /// <summary><c>server-name</c>: the sname field.</summary>
    public static readonly ServerParameter<string?> ServerName = Text(6, "server-name");

    /// <summary><c>server-identifier</c>: the option 54 value to send (otherwise the receiving port's address).</summary>
    public static readonly ServerParameter<IPv4Address?> ServerIdentifier = Address(7, "server-identifier");

    /// <summary><c>ping-check</c>: ping an address that has no lease before offering it, and abandon it if it answers.</summary>
    public static readonly ServerParameter<bool> PingCheck = Flag(8, "ping-check", false);

    /// <summary><c>echo-client-id</c>: RFC 6842 makes echoing mandatory, so it defaults to true (ISC's default is false).</summary>
    public static readonly ServerParameter<bool> EchoClientId = Flag(9, "echo-client-id", true);

    /// <summary><c>allow|deny|ignore unknown-clients</c> outside a pool: whether the pools below serve clients without a host.</summary>
    public static readonly ServerParameter<AccessMode?> UnknownClients = Access(10, "unknown-clients");

    /// <summary><c>allow|deny|ignore bootp</c>: whether the pools below serve BOOTP clients.</summary>
    public static readonly ServerParameter<AccessMode?> Bootp = Access(11, "bootp");

    /// <summary><c>allow|deny|ignore booting</c>: denied, the client gets no reply at all (ISC: "booting disallowed"); meant for a host.</summary>
    public static readonly ServerParameter<AccessMode?> Booting = Access(12, "booting");

    /// <summary><c>boot-unknown-clients</c>: off, a client no host declaration matches gets no reply (ISC: "unknown client").</summary>
    public static readonly ServerParameter<bool> BootUnknownClients = Flag(13, "boot-unknown-clients", true);

    /// <summary><c>min-secs</c>: a DISCOVER whose secs field is below it gets no offer yet (the client retries); ISC checks offers only.</summary>
    public static readonly ServerParameter<uint> MinSecs = Number(14, "min-secs", 0);

    /// <summary><c>use-host-decl-names</c>: a host's declaration name is its host-name option unless the host sets one.</summary>
    public static readonly ServerParameter<bool> UseHostDeclNames = Flag(15, "use-host-decl-names", false);

    /// <summary><c>always-broadcast</c>: replies carry the broadcast flag and are broadcast, as if the client had asked.</summary>
    public static readonly ServerParameter<bool> AlwaysBroadcast = Flag(16, "always-broadcast", false);

    /// <summary><c>ping-timeout</c>: seconds to wait for the echo reply of a ping check; ISC's 1.</summary>
    public static readonly ServerParameter<uint> PingTimeout = Number(17, "ping-timeout", 1);

    /// <summary><c>ping-timeout-ms</c>: the same in milliseconds, used instead of ping-timeout when above 0 (ISC 4.4).</summary>
    public static readonly ServerParameter<uint> PingTimeoutMs = Number(18, "ping-timeout-ms", 0);

    /// <summary>Every parameter, in slot order (<c>All[i]</c> has slot i).</summary>
    public static readonly ImmutableArray<ServerParameter> All =
    [
        DefaultLeaseTime, MaxLeaseTime, MinLeaseTime, Authoritative, NextServer, Filename, ServerName, ServerIdentifier,
        PingCheck, EchoClientId, UnknownClients, Bootp, Booting, BootUnknownClients, MinSecs, UseHostDeclNames, AlwaysBroadcast,
        PingTimeout, PingTimeoutMs,
    ];

    private static readonly FrozenDictionary<string, ServerParameter> ByName = All.ToFrozenDictionary(p => p.Name, StringComparer.Ordinal);

    /// <summary>The parameter named <paramref name="name"/> (lower case, as dhcpd.conf's keywords are matched).</summary>
    public static bool TryFind(string name, [NotNullWhen(true)] out ServerParameter? parameter) =>
        ByName.TryGetValue(name, out parameter);

    private static ServerParameter<uint> Number(int index, string name, uint defaultValue) =>
        new(index, name, ParameterSyntax.Number, defaultValue, G.NumberOnly, null, null, null);

    // Seconds or "infinite" (uint.MaxValue): ISC's lease-time syntax.
    private static ServerParameter<uint> LeaseTime(int index, string name, uint defaultValue) =>
        new(index, name, ParameterSyntax.Number, defaultValue, G.LeaseTimeOnly, null, null, null);

    private static ServerParameter<IPv4Address?> Address(int index, string name) =>
        new(index, name, ParameterSyntax.Address, null, G.AddressOnly.Select(a => (IPv4Address?)a), null, null, null);

    private static ServerParameter<string?> Text(int index, string name) =>
        new(index, name, ParameterSyntax.Text, null, G.StringOnly.Select(s => (string?)s), null, null, null);

    private static ServerParameter<bool> Flag(int index, string name, bool defaultValue) =>
        new(index, name, ParameterSyntax.Flag, defaultValue, G.FlagOnly, null, null, null);

    private static ServerParameter<bool> Switch(int index, string name, bool defaultValue, ScopeKind? notIn) =>
        new(index, name, ParameterSyntax.Switch, defaultValue, G.Nothing.Select(_ => true), G.Nothing.Select(_ => false), null, notIn);

    private static ServerParameter<AccessMode?> Access(int index, string name) =>
        new(index, name, ParameterSyntax.Access, null, null, null, mode => mode, null);
}
