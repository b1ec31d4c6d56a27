namespace IPoIBDhcp.Server.Hosting;

/// <summary>
/// The daemon settings were refused; the message is the one line an admin reads (what, which key or file, from
/// where), so a caller prints it as it is, never a stack trace.
/// </summary>
public sealed class SettingsException : Exception
{
    /// <summary>Creates the exception with the line to print.</summary>
    public SettingsException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception without a message.</summary>
    public SettingsException()
    {
    }

    /// <summary>Creates the exception with the line to print and its cause.</summary>
    public SettingsException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
