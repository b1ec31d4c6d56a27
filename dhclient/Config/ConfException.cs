namespace IPoIBDhcp.Client.Config;

/// <summary>
/// Thrown when a dhclient.conf (or lease file) has errors: dhclient refuses to start on a configuration it
/// cannot honour fully, and lists every error in one go.
/// </summary>
public sealed class ConfException : Exception
{
    /// <summary>Wraps the errors found.</summary>
    public ConfException(IReadOnlyList<ConfError> errors)
        : base(string.Join(Environment.NewLine, errors)) => Errors = errors;

    /// <summary>Every error, in file order.</summary>
    public IReadOnlyList<ConfError> Errors { get; }
}
