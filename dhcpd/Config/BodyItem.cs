using IPoIBDhcp.Text;

namespace IPoIBDhcp.Server.Config;

/// <summary>A statement of a body after includes are expanded, with the file it came from (for positions).</summary>
internal readonly record struct BodyItem(SourceFile File, ConfigStatement Statement)
{
    public string Keyword => Statement.Keyword.Text.ToLowerInvariant();

    public SourcePosition Position => File.Text.PositionOf(Statement.Keyword);

    public ReadOnlySpan<ConfigToken> Args => Statement.Head.IsEmpty ? default : Statement.Head.Span[1..];
}
