namespace IPoIBDhcp;

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
}
