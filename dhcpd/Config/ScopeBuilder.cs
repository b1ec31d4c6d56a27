using System.Collections.Frozen;
using System.Collections.Immutable;
using IPoIBDhcp.Text;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// Mutable collector for one scope while its body is read; frozen into <see cref="ScopeParameters"/> and the
/// declaration records once the body is done. Never escapes the parser.
/// </summary>
internal sealed class ScopeBuilder(ScopeKind kind)
{
    public ScopeKind Kind { get; } = kind;
    public uint? DefaultLeaseTime;
    public uint? MaxLeaseTime;
    public uint? MinLeaseTime;
    public SourcePosition? LeaseTimePosition;
    public bool? Authoritative;
    public IPv4Address? NextServer;
    public IPv4Address? ServerIdentifier;
    public string? Filename;
    public string? ServerName;
    public bool? PingCheck;
    public bool? EchoClientId;
    public AccessMode? UnknownClients;
    public AccessMode? Bootp;
    public AccessMode? Booting;
    public readonly Dictionary<byte, ImmutableArray<byte>> Options = [];
    public readonly List<ConditionalStatement> Conditionals = [];
    public readonly List<AddressRange> Ranges = [];
    public readonly List<PoolPermit> Permits = [];
    public readonly List<(IPv4Address Address, SourcePosition Position)> FixedAddresses = [];
    public ImmutableArray<byte>? ClientIdentifier;
    public HardwareAddress? Hardware;
    public BooleanExpression? Match;
    public bool HasMatch;

    public ScopeParameters ToParameters() => new()
    {
        DefaultLeaseTime = DefaultLeaseTime,
        MaxLeaseTime = MaxLeaseTime,
        MinLeaseTime = MinLeaseTime,
        Authoritative = Authoritative,
        NextServer = NextServer,
        ServerIdentifier = ServerIdentifier,
        Filename = Filename,
        ServerName = ServerName,
        PingCheck = PingCheck,
        EchoClientId = EchoClientId,
        UnknownClients = UnknownClients,
        Bootp = Bootp,
        Booting = Booting,
        Options = Options.Count == 0 ? FrozenDictionary<byte, ImmutableArray<byte>>.Empty : Options.ToFrozenDictionary(),
        Conditionals = [.. Conditionals],
    };
}
