using IPoIBDhcp.Text;

namespace IPoIBDhcp.Client.Config;

/// <summary>
/// Thrown when a dhclient.conf has errors: dhclient refuses to start on a configuration it cannot honour fully,
/// and lists every error in one go. Only a carrier of the <see cref="ConfigDiagnostic"/>s: each prints itself.
/// </summary>
public sealed class ConfException : Exception
{
    /// <summary>Wraps the errors found.</summary>
    public ConfException(IReadOnlyList<ConfigDiagnostic> errors)
        : base(string.Join(Environment.NewLine, errors)) => Errors = errors;

    /// <summary>Every error, in file order.</summary>
    public IReadOnlyList<ConfigDiagnostic> Errors { get; }
}
