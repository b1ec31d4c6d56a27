using System.Text;

namespace IPoIBDhcp.Server.Config;

/// <summary><c>host-decl-name</c>: the name of the host declaration the client matched, or null when none did.</summary>
public sealed record HostDeclarationNameExpression : DataExpression
{
    /// <inheritdoc/>
    public override ReadOnlyMemory<byte>? Evaluate(IOptionSource request) =>
        request.HostDeclarationName is { } name ? Encoding.Latin1.GetBytes(name) : (ReadOnlyMemory<byte>?)null;
}
