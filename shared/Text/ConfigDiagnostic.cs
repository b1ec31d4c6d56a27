namespace IPoIBDhcp.Text;

/// <summary>
/// One problem found in a configuration file. Parsing collects all of them, so <c>dhcpd -t</c> can show
/// every mistake in one run instead of one per edit-and-retry cycle.
/// </summary>
/// <param name="File">File the problem is in.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Message">Plain reason, naming the statement involved.</param>
public sealed record ConfigDiagnostic(string File, int Line, int Column, string Message)
{
    /// <summary>Creates a diagnostic at <paramref name="position"/>.</summary>
    public ConfigDiagnostic(SourcePosition position, string message)
        : this(position.File, position.Line, position.Column, message)
    {
    }

    /// <summary>Where the problem is.</summary>
    public SourcePosition Position => new(File, Line, Column);

    /// <summary><c>file:line:col: message</c>, the form compilers print and editors jump to.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
