using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
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
    // The collections are made on first use: a large file is mostly hosts that write one option and one fixed address,
    // and a builder per host with eight empty collections was a tenth of what reading 100,000 hosts allocated.
    // The values the scope's parameter statements wrote, by slot (ServerParameters.All); null where none did.
    private object?[]? parameters;
    private Dictionary<byte, ImmutableArray<byte>>? options;
    private Dictionary<SpaceOptionKey, SpaceOptionValue>? spaceOptions;
    private List<ConditionalStatement>? conditionals;
    private List<OptionStatement>? optionStatements;
    private List<AddressRange>? ranges;
    private List<PoolPermit>? permits;
    private List<(IPv4Address Address, SourcePosition Position)>? fixedAddresses;

    public Dictionary<byte, ImmutableArray<byte>> Options => options ??= [];
    public Dictionary<SpaceOptionKey, SpaceOptionValue> SpaceOptions => spaceOptions ??= [];
    public List<ConditionalStatement> Conditionals => conditionals ??= [];
    // Every option statement in written order (constant ones too), so their order survives when some must run per request.
    public List<OptionStatement> OptionStatements => optionStatements ??= [];
    public List<AddressRange> Ranges => ranges ??= [];
    public List<PoolPermit> Permits => permits ??= [];
    public List<(IPv4Address Address, SourcePosition Position)> FixedAddresses => fixedAddresses ??= [];

    /// <summary>The fixed addresses written, without their places (empty when none was, without making the list).</summary>
    public ImmutableArray<IPv4Address> FixedAddressValues()
    {
        if (fixedAddresses is null || fixedAddresses.Count == 0) return [];
        var values = new IPv4Address[fixedAddresses.Count];
        for (int i = 0; i < values.Length; i++) values[i] = fixedAddresses[i].Address;
        return ImmutableCollectionsMarshal.AsImmutableArray(values);
    }
    public ImmutableArray<byte>? ClientIdentifier;
    public HardwareAddress? Hardware;
    public HostIdentifier? Identifier;
    public BooleanExpression? Match;
    public bool HasMatch;
    public Hooks.HookSet Hooks = Config.Hooks.HookSet.None;
    public DataExpression? SubMatch;
    public bool Spawns;
    public SourcePosition? SubMatchPosition;

    // The slots of the scope read before this one (Reset): cleared, kept for the next scope that sets a parameter.
    private object?[]? spareSlots;

    /// <summary>Records what a statement set; the last statement for a parameter wins, as in ISC.</summary>
    public void Set<T>(ServerParameter<T> parameter, T value)
    {
        if (parameters is null)
        {
            parameters = spareSlots ?? new object?[ServerParameters.All.Length];
            spareSlots = null;
        }
        parameters[parameter.Index] = value;
    }

    /// <summary>
    /// Makes this builder as a new one, keeping its emptied collections: the parser reuses one builder for the hosts of a
    /// large file, one after the other, instead of making a builder, a dictionary and three lists per host (a sixth of
    /// what reading 100,000 hosts allocated). Every field is reset here: a field added above must be added here too.
    /// </summary>
    public ScopeBuilder Reset()
    {
        LeaseTimePosition = null;
        if (parameters is not null)
        {
            Array.Clear(parameters);
            spareSlots = parameters;
            parameters = null;
        }
        options?.Clear();
        spaceOptions?.Clear();
        conditionals?.Clear();
        optionStatements?.Clear();
        ranges?.Clear();
        permits?.Clear();
        fixedAddresses?.Clear();
        ClientIdentifier = null;
        Hardware = null;
        Identifier = null;
        Match = null;
        HasMatch = false;
        Hooks = Config.Hooks.HookSet.None;
        SubMatch = null;
        Spawns = false;
        SubMatchPosition = null;
        return this;
    }

    /// <summary>
    /// The scope's parameters. When every option statement is a plain constant <c>option X value;</c>, options are one
    /// constant table (the common case, cached per request shape); otherwise all of them run in written order.
    /// </summary>
    public ScopeParameters ToParameters()
    {
        bool plain = optionStatements is null
            || optionStatements.TrueForAll(s => s.Mode == OptionStatementMode.Supersede && s.IsConstant && s.Field is null);
        bool noOptions = !plain || options is null || options.Count == 0;
        bool noSpaceOptions = spaceOptions is null || spaceOptions.Count == 0;
        bool noConditionals = conditionals is null || conditionals.Count == 0;
        // A scope that set no parameter never made its slots, and shares the empty set (most scopes of a large file are such hosts).
        var slots = parameters is null ? ScopeParameters.Empty : ScopeParameters.FromSlots(parameters);
        if (plain && noOptions && noSpaceOptions && noConditionals && ReferenceEquals(Hooks, Config.Hooks.HookSet.None)) return slots;
        return slots with
        {
            Options = noOptions ? FrozenDictionary<byte, ImmutableArray<byte>>.Empty : options!.ToFrozenDictionary(),
            OptionStatements = plain ? [] : [.. optionStatements!],
            Conditionals = noConditionals ? [] : [.. conditionals!],
            SpaceOptions = noSpaceOptions ? FrozenDictionary<SpaceOptionKey, SpaceOptionValue>.Empty : spaceOptions!.ToFrozenDictionary(),
            Hooks = Hooks,
        };
    }
}
