using System.Text.RegularExpressions;
using IPoIBDhcp.Text;
using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// Resolves option names in a parsed expression against the option table in force at that point of the
/// file (site options declared earlier included), collecting unknown names as positioned errors. Names may be
/// dotted (<c>dhcp.routers</c>, <c>agent.circuit-id</c>); a space that is not declared is refused as ISC does. A constant regular expression that does not compile is refused at <c>statement</c>.
/// </summary>
internal sealed class ExpressionBinder(DhcpOptionTable table, SourceText source, OptionSpaceTable? spaces = null, SourcePosition? statement = null)
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
            $"option {definition.QualifiedName}: an option inside another option has no code of its own here"));
        return 0;
    }

    /// <summary>A constant regular expression compiled once; one .NET cannot compile is refused where the statement is.</summary>
    public Regex? Regex(ReadOnlySpan<byte> pattern, bool ignoreCase)
    {
        var regex = RegexMatchExpression.TryCompile(pattern, ignoreCase, out var error);
        if (regex is null && statement is { } at)
            Errors.Add(new ConfigDiagnostic(at, $"regular expression \"{System.Text.Encoding.Latin1.GetString(pattern)}\" does not compile: {error}"));
        return regex;
    }

    /// <summary><c>option NAME</c> in an expression: a DHCP option, or a sub-option read through the options that carry its space.</summary>
    public DataExpression OptionData(ConfigToken name) =>
        SubOption(name) is { } path ? new SubOptionDataExpression(path, name.Text) : new OptionDataExpression(Code(name), name.Text);

    /// <summary><c>exists NAME</c>, likewise.</summary>
    public BooleanExpression OptionExists(ConfigToken name) =>
        SubOption(name) is { } path ? new SubOptionExistsExpression(path, name.Text) : new ExistsExpression(Code(name), name.Text);

    // The path to a dotted name of a space other than dhcp; null for a DHCP option (and for errors, recorded once by Code).
    private SubOptionPath? SubOption(ConfigToken name)
    {
        if (!name.Text.Contains('.', StringComparison.Ordinal)
            || !OptionNames.TryResolve(spaces, name.Text, out var definition, out _)
            || definition.Space.Name == OptionSpace.Dhcp) return null;
        var path = SubOptionPath.For(definition, spaces, out var problem);
        if (path is null) Errors.Add(new ConfigDiagnostic(source.PositionOf(name), problem!));
        return path ?? SubOptionPath.Unreadable;
    }

    /// <summary>The definition named <paramref name="name"/> in any space, or null with the error recorded.</summary>
    public SpaceOptionDefinition? Resolve(ConfigToken name)
    {
        if (OptionNames.TryResolve(spaces, name.Text, out var definition, out var problem)) return definition;
        Errors.Add(new ConfigDiagnostic(source.PositionOf(name), problem));
        return null;
    }
}
