namespace IPoIBDhcp.Wire;

/// <summary>
/// Thrown by the throwing <c>Read…</c>/<c>Parse</c> twins of the <c>TryRead…</c> methods, for callers
/// (configuration, tests, tools) that prefer an exception; it carries the offset that failed.
/// </summary>
public sealed class WireFormatException : FormatException
{
    /// <summary>Creates the exception from the decoding failure it reports.</summary>
    public WireFormatException(WireError error) : base(error.ToString()) => Error = error;

    /// <summary>The failure: offset and reason.</summary>
    public WireError Error { get; }

    /// <summary>Byte offset where decoding stopped.</summary>
    public int Offset => Error.Offset;
}
