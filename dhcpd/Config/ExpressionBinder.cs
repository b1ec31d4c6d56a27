using System.Text.RegularExpressions;
using IPoIBDhcp.Text;
using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// Resolves option names in a parsed expression against the option table in force at that point of the
/// file (site options declared earlier included), collecting unknown names and bad constant patterns as
/// positioned errors.
/// </summary>
internal sealed class ExpressionBinder(DhcpOptionTable table, SourceText source, SourcePosition? statement = null)
{
    public List<ConfigDiagnostic> Errors { get; } = [];

    public byte Code(ConfigToken name)
    {
        if (table.TryGet(name.Text, out var definition)) return definition.Code;
        Errors.Add(new ConfigDiagnostic(source.PositionOf(name), $"unknown option '{name.Text}'"));
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
}
