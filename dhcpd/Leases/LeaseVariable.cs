namespace IPoIBDhcp.Server.Leases;

/// <summary>
/// One <c>set name = value;</c> binding kept with a lease (e.g. <c>vendor-class-identifier</c>, the
/// <c>ddns-*</c> names). Data values are held as Latin-1 text so that every byte an octal escape can
/// carry survives a read/write round trip unchanged.
/// </summary>
/// <param name="Name">The variable name as written after <c>set</c>.</param>
/// <param name="Value">For <see cref="LeaseVariableKind.Data"/> the unescaped bytes as Latin-1
/// characters; for numeric values the decimal digits (with sign); for booleans "true" or "false".</param>
/// <param name="Kind">How the value is spelled in the lease file.</param>
public readonly record struct LeaseVariable(string Name, string Value, LeaseVariableKind Kind = LeaseVariableKind.Data);
