namespace IPoIBDhcp.Client.Config;

/// <summary>One problem in dhclient.conf or dhclient.leases, printed as compilers do so editors can jump to it.</summary>
/// <param name="File">File name as given.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Message">Plain reason.</param>
public sealed record ConfError(string File, int Line, int Column, string Message)
{
    /// <summary><c>file:line:col: reason</c>.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
