using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// The parameters one scope sets, by key (<see cref="ServerParameters"/>): a parameter the scope does not set has no
/// value, so scopes can be layered (<see cref="Overlay"/>) and the more specific scope wins parameter by parameter,
/// the same way for every parameter; options merge code by code. Immutable: a resolved set is shared by every
/// request it applies to.
/// </summary>
public sealed record ScopeParameters
{
    // Slot i holds ServerParameters.All[i]'s value, boxed once when the file is read; null where the scope is silent.
    private ImmutableArray<object?> Values { get; init; }

    private ScopeParameters(ImmutableArray<object?> values) => Values = values;

    /// <summary>No parameters: the identity of <see cref="Overlay"/>.</summary>
    public static ScopeParameters Empty { get; } = new(ImmutableArray.Create(new object?[ServerParameters.All.Length]));

    /// <summary><c>option NAME VALUE;</c> lines, as option code → wire bytes.</summary>
    public FrozenDictionary<byte, ImmutableArray<byte>> Options { get; init; } = FrozenDictionary<byte, ImmutableArray<byte>>.Empty;

    /// <summary>
    /// Options of other spaces (<c>option ipxe.no-pxedhcp 1;</c>) and the space selections, merged option by option like
    /// <see cref="Options"/>; they reach the reply inside the option that encapsulates their space.
    /// </summary>
    public FrozenDictionary<SpaceOptionKey, SpaceOptionValue> SpaceOptions { get; init; } = FrozenDictionary<SpaceOptionKey, SpaceOptionValue>.Empty;

    /// <summary>The scope's <c>on commit|release|expiry</c> handlers; a more specific scope's wins, event by event.</summary>
    public Hooks.HookSet Hooks { get; init; } = Config.Hooks.HookSet.None;

    /// <summary><c>if</c> statements, applied after this scope's unconditional parameters, in written order.</summary>
    public ImmutableArray<ConditionalStatement> Conditionals { get; init; } = [];

    /// <summary>
    /// Option statements that run per request, in written order, after the constant options above: expression values,
    /// <c>default</c>, <c>prepend</c>, <c>append</c> (<see cref="OptionStatement"/>). Empty for most scopes, whose
    /// options are all constants in <see cref="Options"/>.
    /// </summary>
    public ImmutableArray<OptionStatement> OptionStatements { get; init; } = [];

    /// <summary>Builds a scope's set from the values its statements wrote, slot by slot (<see cref="ScopeBuilder"/>).</summary>
    internal static ScopeParameters FromSlots(object?[] slots) =>
        new(ImmutableCollectionsMarshal.AsImmutableArray((object?[])slots.Clone()));

    /// <summary>True when this set gives <paramref name="parameter"/> a value.</summary>
    public bool IsSet(ServerParameter parameter) => Values[parameter.Index] is not null;

    /// <summary>The value this set gives <paramref name="parameter"/>, if it gives one.</summary>
    public bool TryGet<T>(ServerParameter<T> parameter, out T value)
    {
        if (Values[parameter.Index] is { } boxed)
        {
            value = (T)boxed;
            return true;
        }
        value = parameter.Default;
        return false;
    }

    /// <summary>The value of <paramref name="parameter"/>: this set's, or the parameter's default. No allocation.</summary>
    public T Get<T>(ServerParameter<T> parameter) => Values[parameter.Index] is { } boxed ? (T)boxed : parameter.Default;

    /// <summary>The value this set gives <paramref name="parameter"/>, boxed, or null when it gives none: for messages and tests.</summary>
    public object? Find(ServerParameter parameter) => Values[parameter.Index];

    /// <summary>This set with <paramref name="parameter"/> set to <paramref name="value"/> (null: not set).</summary>
    public ScopeParameters With<T>(ServerParameter<T> parameter, T value)
    {
        var slots = Values.ToArray();
        slots[parameter.Index] = value;
        return this with { Values = ImmutableCollectionsMarshal.AsImmutableArray(slots) };
    }

    /// <summary>
    /// This scope layered over <paramref name="lower"/>: every parameter this scope sets wins; options merge per code.
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
        return new ScopeParameters(OverlaySlots(Values, lower.Values)) { Options = options, SpaceOptions = MergeSpaceOptions(SpaceOptions, lower.SpaceOptions), Hooks = Hooks.Overlay(lower.Hooks) };
    }

    private static FrozenDictionary<SpaceOptionKey, SpaceOptionValue> MergeSpaceOptions(
        FrozenDictionary<SpaceOptionKey, SpaceOptionValue> upper, FrozenDictionary<SpaceOptionKey, SpaceOptionValue> lower)
    {
        if (lower.Count == 0) return upper;
        if (upper.Count == 0) return lower;
        var merged = new Dictionary<SpaceOptionKey, SpaceOptionValue>(lower);
        // A replaced value keeps its place, as ISC replaces an option in its hash bucket where it stands.
        foreach (var (key, value) in upper)
            merged[key] = lower.TryGetValue(key, out var old) ? value with { Sequence = Math.Min(old.Sequence, value.Sequence) } : value;
        return merged.ToFrozenDictionary();
    }

    private static ImmutableArray<object?> OverlaySlots(ImmutableArray<object?> upper, ImmutableArray<object?> lower)
    {
        if (IsEmpty(lower)) return upper;
        if (IsEmpty(upper)) return lower;
        var slots = new object?[upper.Length];
        for (int i = 0; i < slots.Length; i++) slots[i] = upper[i] ?? lower[i];
        return ImmutableCollectionsMarshal.AsImmutableArray(slots);
    }

    private static bool IsEmpty(ImmutableArray<object?> slots)
    {
        foreach (var value in slots)
            if (value is not null) return false;
        return true;
    }

    /// <summary>
    /// This scope run over <paramref name="lower"/> (what the less specific scopes gave), as ISC executes a scope's
    /// statements: constant parameters and options win over <paramref name="lower"/>, then the option statements run in
    /// order, then each <c>if</c> statement's taken arm runs the same way. With no request, <c>if</c> statements and
    /// statements whose value needs a request are left out (the unconditional view of the file).
    /// </summary>
    public ScopeParameters ApplyTo(ScopeParameters lower, IOptionSource? request)
    {
        var own = Conditionals.IsEmpty && OptionStatements.IsEmpty ? this : this with { Conditionals = [], OptionStatements = [] };
        var result = own.Overlay(lower);
        if (!OptionStatements.IsEmpty) result = OptionStatementRunner.Run(OptionStatements, result, request);
        if (request is null) return result;
        foreach (var conditional in Conditionals)
        {
            if (conditional.Select(request) is { } branch) result = branch.ApplyTo(result, request);
        }
        return result;
    }

    /// <summary>
    /// The parameters this scope alone gives <paramref name="request"/>: its statements run over nothing, each
    /// <c>if</c> statement's taken arm included (<see cref="ApplyTo"/> over <see cref="Empty"/>).
    /// </summary>
    public ScopeParameters Evaluate(IOptionSource request) => ApplyTo(Empty, request);
}
