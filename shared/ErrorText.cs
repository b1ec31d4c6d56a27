namespace IPoIBDhcp;

/// <summary>
/// An exception's message as an admin should read it on stderr or in syslog: without .NET's
/// <c> (Parameter 'name')</c> suffix, which names a C# parameter, not anything in their configuration.
/// </summary>
public static class ErrorText
{
    /// <summary>The plain message of <paramref name="exception"/>.</summary>
    public static string Of(Exception exception) =>
        exception is ArgumentException { ParamName: { } name }
            ? exception.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal)
            : exception.Message;
}
