using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace IPoIBDhcp.Wire.Options;

/// <summary>
/// Every option space and the options defined in each: ISC's built-in spaces (dhcp, agent, server, nwip, fqdn,
/// vendor-class, vendor, isc), plus what a configuration declares with <c>option space</c> and
/// <c>option SPACE.NAME code N = TYPE;</c>. Immutable: each declaration makes a new table, so the table in force at
/// any point of a file is a value. Names of spaces and options are matched case-insensitively, as ISC's lexer does.
/// </summary>
public sealed class OptionSpaceTable
{
    private static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;
    private readonly ImmutableDictionary<string, OptionSpace> spaces;
    private readonly ImmutableDictionary<string, ImmutableDictionary<string, SpaceOptionDefinition>> byName;
    private readonly ImmutableDictionary<string, ImmutableDictionary<uint, SpaceOptionDefinition>> byCode;

    private OptionSpaceTable(ImmutableDictionary<string, OptionSpace> spaces,
        ImmutableDictionary<string, ImmutableDictionary<string, SpaceOptionDefinition>> byName,
        ImmutableDictionary<string, ImmutableDictionary<uint, SpaceOptionDefinition>> byCode, long nextOrder)
    {
        this.spaces = spaces;
        this.byName = byName;
        this.byCode = byCode;
        this.nextOrder = nextOrder;
    }

    /// <summary>The spaces, by name.</summary>
    public IEnumerable<OptionSpace> Spaces => spaces.Values;

    /// <summary>The space named <paramref name="name"/>.</summary>
    public bool TryGetSpace(string name, [NotNullWhen(true)] out OptionSpace? space) => spaces.TryGetValue(name, out space);

    /// <summary>The option named <paramref name="name"/> in <paramref name="space"/>.</summary>
    public bool TryGet(string space, string name, [NotNullWhen(true)] out SpaceOptionDefinition? definition)
    {
        definition = null;
        return byName.TryGetValue(space, out var names) && names.TryGetValue(name, out definition);
    }

    /// <summary>The option with <paramref name="code"/> in <paramref name="space"/>, or null.</summary>
    public SpaceOptionDefinition? Find(string space, uint code) =>
        byCode.TryGetValue(space, out var codes) && codes.TryGetValue(code, out var d) ? d : null;

    /// <summary>The options of <paramref name="space"/>, by code.</summary>
    public IEnumerable<SpaceOptionDefinition> OptionsOf(string space) =>
        byCode.TryGetValue(space, out var codes) ? codes.Values.OrderBy(d => d.Code) : [];

    /// <summary>
    /// The option that carries <paramref name="space"/>'s options: the one defined last as <c>encapsulate SPACE</c>, as
    /// ISC keeps one parent per space. Null when no option encapsulates the space.
    /// </summary>
    public SpaceOptionDefinition? ParentOf(string space)
    {
        SpaceOptionDefinition? parent = null;
        foreach (var options in byCode.Values)
            foreach (var d in options.Values)
                if (d.Format.EncapsulatedSpace is { Length: > 0 } s && Names.Equals(s, space) && (parent is null || d.Order > parent.Order)) parent = d;
        return parent;
    }

    /// <summary>A new table with <paramref name="space"/> added, or replacing the space of that name (its options go).</summary>
    public OptionSpaceTable WithSpace(OptionSpace space) => new(
        spaces.SetItem(space.Name, space),
        byName.SetItem(space.Name, ImmutableDictionary.Create<string, SpaceOptionDefinition>(Names)),
        byCode.SetItem(space.Name, ImmutableDictionary<uint, SpaceOptionDefinition>.Empty), nextOrder);

    /// <summary>
    /// A new table with <paramref name="definition"/> added to its space. A definition with the code or the name of an
    /// existing one replaces it, as ISC's <c>option … code</c> redefines a known option.
    /// </summary>
    public OptionSpaceTable With(SpaceOptionDefinition definition)
    {
        string space = definition.Space.Name;
        var names = byName[space];
        var codes = byCode[space];
        if (codes.TryGetValue(definition.Code, out var oldByCode)) names = names.Remove(oldByCode.Name);
        if (names.TryGetValue(definition.Name, out var oldByName)) codes = codes.Remove(oldByName.Code);
        var ordered = definition with { Order = nextOrder };
        return new OptionSpaceTable(spaces, byName.SetItem(space, names.SetItem(definition.Name, ordered)),
            byCode.SetItem(space, codes.SetItem(definition.Code, ordered)), nextOrder + 1);
    }

    // Definitions are numbered as they are learned, so "the one defined last" is a comparison.
    private readonly long nextOrder;

    /// <summary>ISC dhcpd 4.4's built-in spaces and options (common/tables.c, server/stables.c).</summary>
    public static OptionSpaceTable Standard { get; } = BuildStandard();

    private static OptionSpaceTable BuildStandard()
    {
        var table = new OptionSpaceTable(ImmutableDictionary.Create<string, OptionSpace>(Names),
            ImmutableDictionary.Create<string, ImmutableDictionary<string, SpaceOptionDefinition>>(Names),
            ImmutableDictionary.Create<string, ImmutableDictionary<uint, SpaceOptionDefinition>>(Names), 0);
        var dhcp = new OptionSpace(OptionSpace.Dhcp);
        table = table.WithSpace(dhcp);
        foreach (var d in DhcpOptionTable.Standard.All) table = table.With(new SpaceOptionDefinition(dhcp, d.Code, d.Name, FormatOf(d)));
        // Encapsulating options of the DHCP space that the flat table keeps as opaque bytes.
        table = table
            .With(new(dhcp, 63, "nwip-suboptions", OptionFormat.FromIsc("Enwip.")))
            .With(new(dhcp, 81, "fqdn", OptionFormat.FromIsc("Efqdn.")))
            .With(new(dhcp, 124, "vivco", OptionFormat.FromIsc("Evendor-class.")))
            .With(new(dhcp, 125, "vivso", OptionFormat.FromIsc("Evendor.")));
        table = Add(table, new OptionSpace("agent"),
            (1, "circuit-id", "X"), (2, "remote-id", "X"), (3, "agent-id", "I"), (4, "DOCSIS-device-class", "L"),
            (5, "link-selection", "I"), (19, "relay-port", "Z"));
        table = Add(table, new OptionSpace("server"));
        table = Add(table, new OptionSpace("nwip"),
            (5, "nsq-broadcast", "f"), (6, "preferred-dss", "IA"), (7, "nearest-nwip-server", "IA"), (8, "autoretries", "B"),
            (9, "autoretry-secs", "B"), (10, "nwip-1-1", "f"), (11, "primary-dss", "I"));
        table = Add(table, new OptionSpace("fqdn"),
            (1, "no-client-update", "f"), (2, "server-update", "f"), (3, "encoded", "f"), (4, "rcode1", "B"), (5, "rcode2", "B"),
            (6, "hostname", "t"), (7, "domainname", "t"), (8, "fqdn", "t"));
        table = Add(table, new OptionSpace("vendor-class", CodeWidth: 4), (2495, "isc", "X"));
        table = Add(table, new OptionSpace("isc"), (1, "media", "t"), (2, "update-assist", "X"));
        table = Add(table, new OptionSpace("vendor", CodeWidth: 4), (2495, "isc", "Eisc."));
        return table;
    }

    private static OptionSpaceTable Add(OptionSpaceTable table, OptionSpace space, params (uint Code, string Name, string Format)[] options)
    {
        table = table.WithSpace(space);
        foreach (var (code, name, format) in options) table = table.With(new SpaceOptionDefinition(space, code, name, OptionFormat.FromIsc(format)));
        return table;
    }

    /// <summary>The format of a row of the flat DHCP table (the same layouts ISC's tables.c gives those options).</summary>
    public static OptionFormat FormatOf(DhcpOptionDefinition d) => d.Code switch
    {
        43 => OptionFormat.FromIsc("E."),
        82 => OptionFormat.FromIsc("Eagent."),
        119 => OptionFormat.FromIsc("Dc"),
        _ => d.Type switch
        {
            OptionValueType.IPv4Address => OptionFormat.Of(OptionFieldKind.IPv4Address, d.IsArray),
            OptionValueType.IPv4AddressPair => OptionFormat.FromIsc("IIA"),
            OptionValueType.UInt8 => OptionFormat.Of(OptionFieldKind.UInt8, d.IsArray),
            OptionValueType.UInt16 => OptionFormat.Of(OptionFieldKind.UInt16, d.IsArray),
            OptionValueType.UInt32 => OptionFormat.Of(OptionFieldKind.UInt32, d.IsArray),
            OptionValueType.Int8 => OptionFormat.Of(OptionFieldKind.Int8, d.IsArray),
            OptionValueType.Int16 => OptionFormat.Of(OptionFieldKind.Int16, d.IsArray),
            OptionValueType.Int32 => OptionFormat.Of(OptionFieldKind.Int32, d.IsArray),
            OptionValueType.Boolean => OptionFormat.Of(OptionFieldKind.Boolean, d.IsArray),
            OptionValueType.Text => OptionFormat.Of(OptionFieldKind.Text),
            OptionValueType.DomainList => OptionFormat.Of(OptionFieldKind.DomainList),
            _ => OptionFormat.Of(OptionFieldKind.String),
        },
    };
}
