namespace IPoIBDhcp.Text;

/// <summary>
/// An exception's message as an admin should read it on stderr or in syslog: without .NET's
/// <c> (Parameter 'name')</c> suffix, which names a C# parameter, not anything in their configuration, and without
/// the <c> : 'path'</c> that .NET appends to a system error (<c>Is a directory : '/var/lib/dhcp'</c>), since the line
/// that reports it names the file already.
/// </summary>
public static class ErrorText
{
    /// <summary>The plain message of <paramref name="exception"/>.</summary>
    public static string Of(Exception exception)
    {
        if (exception is ArgumentException { ParamName: { } name })
            return exception.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal);
        string message = exception.Message;
        int path = exception is IOException or UnauthorizedAccessException ? message.IndexOf(" : '", StringComparison.Ordinal) : -1;
        return path > 0 && message.EndsWith('\'') ? message[..path] : message;
    }

    /// <summary>
    /// Why <paramref name="path"/> could not be opened, read or written, in the words of the system's strerror that ISC
    /// prints after the file it names ("No such file or directory", "Is a directory", "Permission denied"), instead of
    /// .NET's ("Could not find a part of the path '...'", "Access to the path is denied" for a directory).
    /// </summary>
    public static string OfFile(Exception exception, string path)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (Directory.Exists(path)) return "Is a directory";
        // An error re-worded to name another file than the one that failed keeps the system's reason inside.
        var cause = exception.InnerException is IOException or UnauthorizedAccessException ? exception.InnerException : exception;
        if (cause is DirectoryNotFoundException or FileNotFoundException) return "No such file or directory";
        if (cause is UnauthorizedAccessException) return "Permission denied";
        return Of(exception);
    }
}
