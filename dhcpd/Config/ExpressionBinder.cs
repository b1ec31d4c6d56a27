using IPoIBDhcp.Text;
using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// Resolves option names in a parsed expression against the option table in force at that point of the
/// file (site options declared earlier included), collecting unknown names as positioned errors.
/// </summary>
internal sealed class ExpressionBinder(DhcpOptionTable table, SourceText source)
{
    public List<ConfigDiagnostic> Errors { get; } = [];

    public byte Code(ConfigToken name)
    {
        if (table.TryGet(name.Text, out var definition)) return definition.Code;
        Errors.Add(new ConfigDiagnostic(source.PositionOf(name), $"unknown option '{name.Text}'"));
        return 0;
    }
}
