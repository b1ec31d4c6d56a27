namespace IPoIBDhcp.Text;

/// <summary>
/// Where a configuration node came from. Every node keeps one so that a check made long after parsing
/// (overlaps, duplicates) can still point the operator at the exact line, including inside an included file.
/// </summary>
/// <param name="File">The file name as the operator wrote it (top file as given, includes as resolved).</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column, counted in characters.</param>
public readonly record struct SourcePosition(string File, int Line, int Column)
{
    /// <summary>The compiler-style <c>file:line:col</c> that editors and CI logs make clickable.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}";
}
