namespace IPoIBDhcp.Leases;

/// <summary>
/// Something the lease file reader skipped or dropped, with the 1-based line where it starts, so that
/// start-up can log exactly what was not loaded instead of failing the whole server on one bad record.
/// </summary>
/// <param name="Line">1-based line number of the statement or record.</param>
/// <param name="Message">What was skipped and why.</param>
public readonly record struct LeaseFileDiagnostic(int Line, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"line {Line}: {Message}";
}
