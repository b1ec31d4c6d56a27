using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// Either a configuration, or every problem found in the files (never neither). A configuration may come with notes
/// (<see cref="ConfigDiagnostic.IsNote"/>: statements accepted with no effect yet), which are said but fail nothing.
/// </summary>
/// <param name="Config">The configuration when there were no errors.</param>
/// <param name="Diagnostics">All errors in file order, then the notes; only notes on success.</param>
public sealed record DhcpdParseResult(ServerConfig? Config, ImmutableArray<ConfigDiagnostic> Diagnostics)
{
    /// <summary>True when the files are valid and <see cref="Config"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Config))]
    public bool Success => Config is not null;
}
