using IPoIBDhcp.Text;
using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// Resolves option names in a parsed expression against the option table in force at that point of the
/// file (site options declared earlier included), collecting unknown names as positioned errors. Names may be
/// dotted (<c>dhcp.routers</c>, <c>agent.circuit-id</c>); a space that is not declared is refused as ISC does.
/// </summary>
internal sealed class ExpressionBinder(DhcpOptionTable table, SourceText source, OptionSpaceTable? spaces = null)
{
    private readonly OptionSpaceTable spaces = spaces ?? OptionSpaceTable.Standard;

    public List<ConfigDiagnostic> Errors { get; } = [];

    /// <summary>The code of a DHCP-space option named <paramref name="name"/> (plain or <c>dhcp.NAME</c>).</summary>
    public byte Code(ConfigToken name)
    {
        if (!name.Text.Contains('.', StringComparison.Ordinal) && table.TryGet(name.Text, out var flat)) return flat.Code;
        if (Resolve(name) is not { } definition) return 0;
        if (definition.Space.Name == OptionSpace.Dhcp) return (byte)definition.Code;
        Errors.Add(new ConfigDiagnostic(source.PositionOf(name),
            $"option {definition.QualifiedName}: options inside another option cannot be read in an expression yet"));
        return 0;
    }

    /// <summary>The definition named <paramref name="name"/> in any space, or null with the error recorded.</summary>
    public SpaceOptionDefinition? Resolve(ConfigToken name)
    {
        if (OptionNames.TryResolve(spaces, name.Text, out var definition, out var problem)) return definition;
        Errors.Add(new ConfigDiagnostic(source.PositionOf(name), problem));
        return null;
    }
}
