namespace IPoIBDhcp.Fuzz;

/// <summary>
/// One reader under test. It feeds <c>input</c> to the reader and returns normally when the reader gave a value
/// or its own typed error (a diagnostic, a false Try result, or the exception type the reader documents).
/// Any other exception escapes: to afl-fuzz that is a crash, to the unit tests a failure.
/// </summary>
internal delegate void FuzzTarget(ReadOnlySpan<byte> input);

/// <summary>A reader's contract broken in a way no exception shows (e.g. two readers disagreeing).</summary>
internal sealed class FuzzInvariantException(string message) : Exception(message);
