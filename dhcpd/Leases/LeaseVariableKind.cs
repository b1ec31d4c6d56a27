namespace IPoIBDhcp.Server.Leases;

/// <summary>
/// The value types ISC persists for <c>set name = value;</c> inside a lease; each has its own
/// spelling in the file, so the kind is kept to write the value back exactly as ISC reads it.
/// </summary>
public enum LeaseVariableKind : byte
{
    /// <summary>A data string, written quoted with ISC escapes: <c>set a = "text";</c>.</summary>
    Data,
    /// <summary>A number, written with a percent sign: <c>set a = %42;</c>.</summary>
    Numeric,
    /// <summary>A boolean: <c>set a = true;</c>.</summary>
    Boolean,
}
