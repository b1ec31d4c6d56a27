using System.Collections.Immutable;
using System.Globalization;
using IPoIBDhcp.Text;
using IPoIBDhcp.Wire.Options;
using K = IPoIBDhcp.Text.ConfigTokenKind;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// Option spaces in dhcpd.conf, as ISC dhcpd 4.4 reads them: <c>option space NAME …;</c>, <c>option [SPACE.]NAME
/// code N = TYPE;</c>, dotted names in option statements, and <c>vendor-option-space</c>/<c>site-option-space</c>.
/// </summary>
internal sealed partial class DhcpdConfigBuilder
{
    // The spaces and their options in force at this point of the file (definitions apply to what follows them).
    private OptionSpaceTable spaces = OptionSpaceTable.Standard;

    /// <summary>
    /// Resolves <c>NAME</c> (the DHCP space) or <c>SPACE.NAME</c>. An undeclared space or an unknown option is reported
    /// at the name, as ISC's "no option space named …" and "unknown option …".
    /// </summary>
    private bool TryResolveOption(BodyItem item, ConfigToken name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SpaceOptionDefinition? definition)
    {
        if (OptionNames.TryResolve(spaces, name.Text, out definition, out string? problem)) return true;
        Error(item.File, item.File.Text.PositionOf(name), problem);
        return false;
    }

    private void StoreOption(BodyItem item, ScopeBuilder s, SpaceOptionDefinition definition, ReadOnlySpan<ConfigToken> value,
        OptionStatementMode mode = OptionStatementMode.Supersede)
    {
        if (definition.Space.Name.Equals("fqdn", StringComparison.OrdinalIgnoreCase) || definition.Space.Name.Equals("server", StringComparison.OrdinalIgnoreCase))
        {
            Error(item, $"option {definition.QualifiedName}: setting options of the {definition.Space.Name} space is not supported");
            return;
        }
        if (!OptionValueReader.TryRead(definition, value, ResolveIn(item, definition), out var bytes, out var problem))
        {
            if (problem.Message.Length == 0) return; // the resolver said why, at the name
            var at = problem.At is { } token ? item.File.Text.PositionOf(token) : item.File.Text.PositionOf(item.Statement.Terminator);
            Error(item.File, at, problem.Message);
            return;
        }
        if (definition.Space.Name != OptionSpace.Dhcp && bytes.Length > definition.Space.MaxLength)
        {
            Error(item.File, item.File.Text.PositionOf(value[0]),
                $"option {definition.QualifiedName}: value is {bytes.Length} bytes; an option of space {definition.Space.Name} holds at most {definition.Space.MaxLength}");
            return;
        }
        if (definition.Space.Name == OptionSpace.Dhcp)
        {
            // Every DHCP option statement is also kept in written order, for scopes whose statements must run per request.
            if (mode == OptionStatementMode.Supersede) s.Options[(byte)definition.Code] = [.. bytes];
            s.OptionStatements.Add(new OptionStatement((byte)definition.Code, null, mode, new ConstantDataExpression([.. bytes]), item.Position));
        }
        else SetSpaceOption(s, new SpaceOptionKey(definition.Space.Name, definition.Code), [.. bytes]);
    }

    // A value written again in the same scope keeps its first place (ISC replaces it in its hash bucket).
    private void SetSpaceOption(ScopeBuilder s, SpaceOptionKey key, ImmutableArray<byte> value) =>
        s.SpaceOptions[key] = new SpaceOptionValue(value, s.SpaceOptions.TryGetValue(key, out var old) ? old.Sequence : spaceOptionSequence++);

    private int spaceOptionSequence;

    private void ReadOptionSpace(BodyItem item, ScopeBuilder s)
    {
        if (s.Kind != ScopeKind.Global)
        {
            Error(item, "option space declarations are only allowed at global scope");
            return;
        }
        if (!RunOn(item, item.Args[1..], OptionTypeGrammar.SpaceDeclaration, "option space", out var declaration)) return;
        var (name, clauses) = declaration;
        if (name.Text.Contains('.', StringComparison.Ordinal))
        {
            Error(item.File, item.File.Text.PositionOf(name), $"option space '{name.Text}': a space name cannot contain '.'");
            return;
        }
        int codeWidth = 1, lengthWidth = 1, hashSize = 0;
        foreach (var clause in clauses)
        {
            bool isNumber = int.TryParse(clause.Number.Text, NumberStyles.None, CultureInfo.InvariantCulture, out int n);
            string? why = clause.Which switch
            {
                "code width" => isNumber && n is 1 or 2 or 4 ? null : $"code width must be 1, 2 or 4, not {clause.Number.Text}",
                "length width" => isNumber && n is 1 or 2 ? null : $"length width must be 1 or 2, not {clause.Number.Text}",
                _ => isNumber && n is >= 1 and <= 65535 ? null : $"hash size must be from 1 to 65535, not {clause.Number.Text}",
            };
            if (why is not null)
            {
                Error(item.File, item.File.Text.PositionOf(clause.Number), $"option space {name.Text}: {why}");
                return;
            }
            switch (clause.Which)
            {
                case "code width": codeWidth = n; break;
                case "length width": lengthWidth = n; break;
                default: hashSize = n; break;
            }
        }
        if (spaces.TryGetSpace(name.Text, out var existing) && IsBuiltIn(existing.Name))
        {
            Error(item.File, item.File.Text.PositionOf(name), $"option space {name.Text}: a built-in option space cannot be declared again");
            return;
        }
        spaces = spaces.WithSpace(new OptionSpace(name.Text, codeWidth, lengthWidth, hashSize));
    }

    private static bool IsBuiltIn(string space) => OptionSpaceTable.Standard.TryGetSpace(space, out _);

    private void DefineOption(BodyItem item, ConfigToken name, ScopeBuilder s)
    {
        if (s.Kind != ScopeKind.Global)
        {
            Error(item, s.Kind == ScopeKind.Conditional
                ? "option definitions are not allowed in an if statement"
                : "option definitions are only allowed at global scope");
            return;
        }
        string spaceName = OptionSpace.Dhcp, optionName = name.Text;
        int dot = name.Text.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0) (spaceName, optionName) = (name.Text[..dot], name.Text[(dot + 1)..]);
        if (optionName.Length == 0 || optionName.Contains('.', StringComparison.Ordinal))
        {
            Error(item.File, item.File.Text.PositionOf(name), $"'{name.Text}' is not an option name (SPACE.NAME or NAME)");
            return;
        }
        if (!spaces.TryGetSpace(spaceName, out var space))
        {
            Error(item.File, item.File.Text.PositionOf(name), $"no option space named '{spaceName}'");
            return;
        }
        if (!RunOn(item, item.Args[1..], OptionTypeGrammar.Definition, $"option {name.Text}", out var parsed)) return;
        if (parsed.Code < 1 || parsed.Code > space.MaxCode)
        {
            Error(item.File, item.File.Text.PositionOf(item.Args[2]), $"option {name.Text}: code {parsed.Code} is outside 1-{space.MaxCode}");
            return;
        }
        if (!OptionTypeRules.TryBuild(parsed.Type, spaces, out var format, out var problem))
        {
            Error(item.File, item.File.Text.PositionOf(problem.At), $"option {name.Text}: {problem.Message}");
            return;
        }
        var definition = new SpaceOptionDefinition(space, parsed.Code, optionName, format);
        spaces = spaces.With(definition);
        // The flat DHCP table serves lease files and messages; it keeps a layout it can show, or the bytes.
        if (space.Name == OptionSpace.Dhcp) table = table.With(FlatDefinition(definition));
    }

    private static DhcpOptionDefinition FlatDefinition(SpaceOptionDefinition d)
    {
        var f = d.Format;
        (OptionValueType Type, bool IsArray) flat = f.IscFormat switch
        {
            "IIA" => (OptionValueType.IPv4AddressPair, true),
            "D" or "Dc" => (OptionValueType.DomainList, false),
            _ when f.Fields.Length == 1 && !f.Fields[0].Repeats => f.Fields[0].Kind switch
            {
                OptionFieldKind.Boolean => (OptionValueType.Boolean, f.IsArray),
                OptionFieldKind.UInt8 => (OptionValueType.UInt8, f.IsArray),
                OptionFieldKind.UInt16 => (OptionValueType.UInt16, f.IsArray),
                OptionFieldKind.UInt32 => (OptionValueType.UInt32, f.IsArray),
                OptionFieldKind.Int8 => (OptionValueType.Int8, f.IsArray),
                OptionFieldKind.Int16 => (OptionValueType.Int16, f.IsArray),
                OptionFieldKind.Int32 => (OptionValueType.Int32, f.IsArray),
                OptionFieldKind.IPv4Address => (OptionValueType.IPv4Address, f.IsArray),
                OptionFieldKind.Text => (OptionValueType.Text, false),
                OptionFieldKind.Encapsulation => (OptionValueType.Encapsulated, false),
                _ => (OptionValueType.Binary, false),
            },
            _ => (OptionValueType.Binary, false),
        };
        return new DhcpOptionDefinition((byte)d.Code, d.Name, flat.Type, flat.IsArray);
    }

    /// <summary>
    /// <c>vendor-option-space NAME;</c> (ISC reads an identifier) and <c>site-option-space "NAME";</c> (ISC reads a
    /// string): kept, like ISC, as options of its server space, so they are scoped and inherited as options are.
    /// </summary>
    private void ReadSpaceSelection(BodyItem item, ScopeBuilder s)
    {
        bool vendor = item.Keyword == "vendor-option-space";
        if (!Run(item, vendor ? DhcpdStatementGrammar.WordOnly.Select(t => (t.Text, t)) : SiteSpaceName, item.Keyword, out var selected)) return;
        if (!spaces.TryGetSpace(selected.Item1, out var space))
        {
            Error(item.File, item.File.Text.PositionOf(selected.Item2), $"no option space named '{selected.Item1}'");
            return;
        }
        var key = vendor ? SpaceOptionKey.VendorOptionSpace : SpaceOptionKey.SiteOptionSpace;
        SetSpaceOption(s, key, [.. System.Text.Encoding.UTF8.GetBytes(space.Name)]);
    }

    private static readonly Pidgin.Parser<ConfigToken, (string, ConfigToken)> SiteSpaceName =
        Pidgin.Parser<ConfigToken>.Token(t => t.Kind == K.String)
            .Select(t => (OptionValueCodec.TryUnquote(t.Text, out var b, out _) ? System.Text.Encoding.UTF8.GetString(b) : "", t))
            .Labelled("a quoted option space name")
            .Before(TokenParsers.EndOfHead);
}
