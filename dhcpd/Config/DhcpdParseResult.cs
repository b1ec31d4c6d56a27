using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Server.Config;

/// <summary>Either a configuration, or every problem found in the files (never both, never neither).</summary>
/// <param name="Config">The configuration when there were no errors.</param>
/// <param name="Diagnostics">All errors, in file order; empty on success.</param>
public sealed record DhcpdParseResult(ServerConfig? Config, ImmutableArray<ConfigDiagnostic> Diagnostics)
{
    /// <summary>True when the files are valid and <see cref="Config"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Config))]
    public bool Success => Config is not null;
}
