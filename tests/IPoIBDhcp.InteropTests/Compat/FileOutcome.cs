namespace IPoIBDhcp.InteropTests.Compat;

/// <summary>What the run found for one corpus file: both verdicts and, when both accepted it, the rows that differ.</summary>
public sealed record FileOutcome(CorpusEntry Entry, ConfigVerdict Isc, ConfigVerdict Ours, Dictionary<RequestRow, List<string>>? Rows, string? ServingError);
