namespace IPoIBDhcp.Text;

/// <summary>
/// One problem found in a file an admin wrote or a program keeps: dhcpd.conf, dhclient.conf, dhclient.leases,
/// dhcpd.leases, fabric.conf and partitions.conf all report through this one record, so every grammar prints the
/// same <c>file:line:col: reason</c> line. Parsing collects them, so <c>dhcpd -t</c> can show every mistake in one
/// run instead of one per edit-and-retry cycle.
/// </summary>
/// <param name="File">File the problem is in (empty while a reader of bytes does not know the name yet).</param>
/// <param name="Line">1-based line; 0 when the problem is about the file as a whole.</param>
/// <param name="Column">1-based column; 0 when the problem is about a line as a whole.</param>
/// <param name="Message">Plain reason, naming the statement involved.</param>
public sealed record ConfigDiagnostic(string File, int Line, int Column, string Message)
{
    /// <summary>Creates a diagnostic at <paramref name="position"/>.</summary>
    public ConfigDiagnostic(SourcePosition position, string message)
        : this(position.File, position.Line, position.Column, message)
    {
    }

    /// <summary>
    /// True for valid syntax the program deliberately does not use (a failover state block in dhcpd.leases): worth
    /// telling the admin, but not a defect of the file, so a check still passes. False for every error.
    /// </summary>
    public bool IsNote { get; init; }

    /// <summary>Where the problem is.</summary>
    public SourcePosition Position => new(File, Line, Column);

    /// <summary>
    /// <c>file:line:col: message</c>, the form compilers print and editors jump to; the only way a diagnostic is
    /// printed. A problem with no line reads <c>file: message</c>, one with no column <c>file:line: message</c>.
    /// </summary>
    public override string ToString() =>
        Line == 0 ? $"{File}: {Message}" : Column == 0 ? $"{File}:{Line}: {Message}" : $"{File}:{Line}:{Column}: {Message}";
}
