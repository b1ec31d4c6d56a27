using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text;
using IPoIBDhcp.Text;
using K = IPoIBDhcp.Text.ConfigTokenKind;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// The statements of dhcp-eval(5) that take expressions: <c>option X = …</c>, <c>supersede</c>, <c>default</c>,
/// <c>prepend</c>, <c>append</c>, <c>filename = …</c>, <c>server-name = …</c>, and the class statements
/// <c>match</c>, <c>spawn with</c> and <c>subclass</c>.
/// </summary>
internal sealed partial class DhcpdConfigBuilder
{
    private readonly List<(SubclassDeclaration Subclass, SourceFile File)> subclasses = [];

    /// <summary>Dynamic DNS expressions of dhcp-eval(5): refused by name, this server does no DNS updates.</summary>
    private static readonly FrozenSet<string> DnsExpressionWords = new[]
    {
        "ns-update", "dns-update", "dns-delete", "ns-add", "ns-delete", "ns-exists", "ns-not-exists",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads the statement if it is one of this file's; false leaves it to <see cref="ReadParameter"/>.</summary>
    private bool TryReadExpressionStatement(BodyItem item, ScopeBuilder s)
    {
        var args = item.Args;
        switch (item.Keyword)
        {
            // ISC's server executes 'send' exactly as 'supersede' (execute.c takes both cases together); xCAT writes it in hosts.
            case "supersede" or "send": ReadOption(item, s, OptionStatementMode.Supersede); return true;
            case "default": ReadOption(item, s, OptionStatementMode.Default); return true;
            case "prepend": ReadOption(item, s, OptionStatementMode.Prepend); return true;
            case "append": ReadOption(item, s, OptionStatementMode.Append); return true;
            case "filename" or "server-name" when args.Length > 0 && args[0].Kind == K.Equal:
                var field = item.Keyword == "filename" ? ServerParameters.Filename : ServerParameters.ServerName;
                if (!Allowed(item, field, s)) return true;
                if (ReadData(item, args[1..], item.Keyword) is { } value)
                    s.OptionStatements.Add(new OptionStatement(0, field, OptionStatementMode.Supersede, value, item.Position));
                return true;
            case "match": ReadMatch(item, s); return true;
            case "spawn": ReadSpawn(item, s); return true;
            case "lease" when args.Length > 0 && args[0].Is("limit"):
                Error(item, "'lease limit' is not supported: a per-class limit needs every lease to record its billing class, which this server's lease store does not");
                return true;
            default: return false;
        }
    }

    /// <summary><c>option NAME = DATA;</c> and the same after supersede/default/prepend/append.</summary>
    private void ReadOptionExpression(BodyItem item, ScopeBuilder s, byte code, string name, OptionStatementMode mode, ReadOnlySpan<ConfigToken> tokens)
    {
        if (ReadData(item, tokens, $"option {name}") is { } value)
        {
            s.OptionStatements.Add(new OptionStatement(code, null, mode, value, item.Position));
        }
    }

    /// <summary>A whole data expression, bound; errors reported and null returned.</summary>
    private DataExpression? ReadData(BodyItem item, ReadOnlySpan<ConfigToken> tokens, string what)
    {
        if (!WithinExpressionLimits(item, tokens, what) || RefusedDnsExpression(item, tokens, what)) return null;
        if (!RunOn(item, tokens, ExpressionGrammar.WholeData, what, out var bound)) return null;
        var binder = new ExpressionBinder(table, item.File.Text, spaces, item.Position);
        var expression = bound(binder);
        foreach (var e in binder.Errors) Error(item.File, e);
        return binder.Errors.Count == 0 ? expression : null;
    }

    private bool RefusedDnsExpression(BodyItem item, ReadOnlySpan<ConfigToken> tokens, string what)
    {
        foreach (var t in tokens)
        {
            if (t.Kind == K.Word && DnsExpressionWords.Contains(t.Text))
            {
                Error(item.File, item.File.Text.PositionOf(t), $"{what}: '{t.Text}' is not supported: this server does no dynamic DNS updates");
                return true;
            }
        }
        return false;
    }

    private void ReadMatch(BodyItem item, ScopeBuilder s)
    {
        if (s.Kind != ScopeKind.Class)
        {
            Error(item, $"'match' is not allowed {Where(s.Kind)}; only in a class");
            return;
        }
        var args = item.Args;
        if (args.Length > 0 && args[0].Is("if"))
        {
            if (s.HasMatch)
            {
                Error(item, "the class already has a 'match if'");
                return;
            }
            s.HasMatch = true;
            s.Match = ReadCondition(item, args[1..], "match if");
            return;
        }
        ReadSubMatch(item, s, args, "match", spawns: false);
    }

    private void ReadSpawn(BodyItem item, ScopeBuilder s)
    {
        if (s.Kind != ScopeKind.Class)
        {
            Error(item, $"'spawn' is not allowed {Where(s.Kind)}; only in a class");
            return;
        }
        var args = item.Args;
        if (args.Length == 0 || !args[0].Is("with"))
        {
            RunOn(item, args, TokenParsers.Keyword("with"), "spawn", out _);
            return;
        }
        ReadSubMatch(item, s, args[1..], "spawn with", spawns: true);
    }

    private void ReadSubMatch(BodyItem item, ScopeBuilder s, ReadOnlySpan<ConfigToken> tokens, string what, bool spawns)
    {
        if (s.SubMatchPosition is not null)
        {
            Error(item, $"{what}: the class already has a 'match' or 'spawn with' expression");
            return;
        }
        s.SubMatchPosition = item.Position;
        s.SubMatch = ReadData(item, tokens, what);
        s.Spawns = spawns;
    }

    private void AddClass(BodyItem item, string name, ConfigScope scope, ScopeBuilder builder) =>
        classes.Add(new ClassDeclaration(name, scope, builder.Match, item.Position) { SubMatch = builder.SubMatch, Spawns = builder.Spawns });

    /// <summary><c>subclass "CLASS" DATA;</c> or with a body; the class must be declared earlier, as ISC requires.</summary>
    private void ReadSubclass(BodyItem item, DeclarationContext c)
    {
        var args = item.Args;
        if (!RunOn(item, args[..Math.Min(1, args.Length)], TokenParsers.NameOrString.Before(TokenParsers.EndOfHead), "subclass", out string className)) return;
        var parent = classes.FindLast(k => k.Name == className);
        if (parent is null)
        {
            Error(item, $"subclass \"{className}\": no class \"{className}\" is declared before it");
            return;
        }
        if (!RunOn(item, args[1..], ExpressionGrammar.WholeData, "subclass", out var bound)) return;
        var key = bound(new ExpressionBinder(table, item.File.Text, spaces, item.Position));
        if (key is not ConstantDataExpression constant)
        {
            Error(item, $"subclass \"{className}\": the value must be a string or colon-separated hex bytes");
            return;
        }
        if (parent.SubMatch is null)
        {
            Error(item, $"subclass \"{className}\": the class has no 'match' or 'spawn with' expression to compare the value with");
            return;
        }
        if (!item.Statement.HasBody)
        {
            subclasses.Add((new SubclassDeclaration(className, constant.Value, null, item.Position), item.File));
            return;
        }
        ReadScope(item, ScopeKind.Class, className, parent.Scope, s => new DeclarationContext(ScopeKind.Class, s, null, null),
            (scope, _) => subclasses.Add((new SubclassDeclaration(className, constant.Value, scope, item.Position), item.File)));
    }

    /// <summary>Hands each class its subclasses once the whole file is read; a key declared twice is an error, as in ISC.</summary>
    private void AttachSubclasses()
    {
        if (subclasses.Count == 0) return;
        for (int i = 0; i < classes.Count; i++)
        {
            var own = new Dictionary<string, SubclassDeclaration>(StringComparer.Ordinal);
            foreach (var (subclass, file) in subclasses)
            {
                if (subclass.ClassName != classes[i].Name) continue;
                string key = Encoding.Latin1.GetString(subclass.Key.AsSpan());
                if (!own.TryAdd(key, subclass))
                    Error(file, subclass.Position, $"subclass \"{subclass.ClassName}\" {Convert.ToHexString(subclass.Key.AsSpan())}: declared twice (first at {own[key].Position})");
            }
            if (own.Count > 0) classes[i] = classes[i] with { Subclasses = own.ToFrozenDictionary(StringComparer.Ordinal) };
        }
    }
}
