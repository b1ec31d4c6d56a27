namespace IPoIBDhcp.Server.Leases.IscFile;

/// <summary>One lexical token of a lease file, as offsets into the file bytes (no copies).</summary>
internal readonly record struct IscToken(IscTokenKind Kind, int Start, int Length, int Line);
