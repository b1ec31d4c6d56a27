namespace IPoIBDhcp.Server.Leases.IscFile;

/// <summary>
/// Something the lease file reader skipped or dropped, with the 1-based line where it starts, so that
/// start-up can log exactly what was not loaded instead of failing the whole server on one bad record.
/// </summary>
/// <param name="Line">1-based line number of the statement or record.</param>
/// <param name="Message">What was skipped and why.</param>
public readonly record struct LeaseFileDiagnostic(int Line, string Message)
{
    /// <summary>
    /// True for valid ISC syntax that this server deliberately does not use (a failover state block, host or class
    /// declarations written by OMAPI): worth telling the admin, but not a defect of the file, so <c>dhcpd -T</c>
    /// still passes a lease file that ISC dhcpd wrote. False for damage (torn records, bad values, unknown statements).
    /// </summary>
    public bool IsNote { get; init; }

    /// <summary>1-based column where the statement or region starts; 0 when the message is about no one place.</summary>
    public int Column { get; init; }

    /// <summary>The line as an admin reads it: <c>file:line:col: message</c> (ISC's and every compiler's form).</summary>
    public string Format(string file) =>
        Line == 0 ? $"{file}: {Message}" : Column == 0 ? $"{file}:{Line}: {Message}" : $"{file}:{Line}:{Column}: {Message}";

    /// <inheritdoc/>
    public override string ToString() => Column == 0 ? $"line {Line}: {Message}" : $"line {Line}:{Column}: {Message}";
}
