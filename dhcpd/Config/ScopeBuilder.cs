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
    public SourcePosition? LeaseTimePosition;
    // The values the scope's parameter statements wrote, by slot (ServerParameters.All); null where none did.
    private readonly object?[] parameters = new object?[ServerParameters.All.Length];
    public readonly Dictionary<byte, ImmutableArray<byte>> Options = [];
    public readonly Dictionary<SpaceOptionKey, SpaceOptionValue> SpaceOptions = [];
    public readonly List<ConditionalStatement> Conditionals = [];
    // Every option statement in written order (constant ones too), so their order survives when some must run per request.
    public readonly List<OptionStatement> OptionStatements = [];
    public readonly List<AddressRange> Ranges = [];
    public readonly List<PoolPermit> Permits = [];
    public readonly List<(IPv4Address Address, SourcePosition Position)> FixedAddresses = [];
    public ImmutableArray<byte>? ClientIdentifier;
    public HardwareAddress? Hardware;
    public HostIdentifier? Identifier;
    public BooleanExpression? Match;
    public bool HasMatch;
    public DataExpression? SubMatch;
    public bool Spawns;
    public SourcePosition? SubMatchPosition;

    /// <summary>Records what a statement set; the last statement for a parameter wins, as in ISC.</summary>
    public void Set<T>(ServerParameter<T> parameter, T value) => parameters[parameter.Index] = value;

    /// <summary>
    /// The scope's parameters. When every option statement is a plain constant <c>option X value;</c>, options are one
    /// constant table (the common case, cached per request shape); otherwise all of them run in written order.
    /// </summary>
    public ScopeParameters ToParameters()
    {
        bool plain = OptionStatements.TrueForAll(s => s.Mode == OptionStatementMode.Supersede && s.IsConstant && s.Field is null);
        return ScopeParameters.FromSlots(parameters) with
        {
            Options = !plain || Options.Count == 0 ? FrozenDictionary<byte, ImmutableArray<byte>>.Empty : Options.ToFrozenDictionary(),
            OptionStatements = plain ? [] : [.. OptionStatements],
            Conditionals = [.. Conditionals],
            SpaceOptions = SpaceOptions.Count == 0 ? FrozenDictionary<SpaceOptionKey, SpaceOptionValue>.Empty : SpaceOptions.ToFrozenDictionary(),
        };
    }
}
