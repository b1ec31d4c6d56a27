namespace IPoIBDhcp.InteropTests.Compat;

/// <summary>
/// What the run found for one corpus file: both verdicts, the rows that differ when both accepted it, and ISC's
/// answer to each row (served with ours, or alone while ours refuses the file).
/// </summary>
public sealed record FileOutcome(
    CorpusEntry Entry, ConfigVerdict Isc, ConfigVerdict Ours, Dictionary<RequestRow, List<string>>? Rows, Dictionary<RequestRow, string>? IscAnswers, string? ServingError);
