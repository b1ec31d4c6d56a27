namespace IPoIBDhcp.Engine.Fabric.Config;

/// <summary>
/// A fabric.conf or partitions.conf error, located as <c>file:line:col: reason</c> so an admin can jump to it
/// the way compiler errors work; a <see cref="FormatException"/> because it is bad text, not a bad state.
/// </summary>
public sealed class FabricConfigException : FormatException
{
    /// <summary>Creates the error for a position in a file.</summary>
    /// <param name="file">File name as the admin gave it.</param>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column.</param>
    /// <param name="reason">What is wrong, in words an admin can act on.</param>
    public FabricConfigException(string file, int line, int column, string reason)
        : base($"{file}:{line}:{column}: {reason}")
    {
        File = file;
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>File name as given to the parser.</summary>
    public string File { get; }

    /// <summary>1-based line of the error.</summary>
    public int Line { get; }

    /// <summary>1-based column of the error.</summary>
    public int Column { get; }

    /// <summary>The reason without the location, for tests and structured logs.</summary>
    public string Reason { get; }
}
