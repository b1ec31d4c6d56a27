namespace IPoIBDhcp.Wire;

/// <summary>
/// Why and where decoding bytes from the wire failed. The receive path returns this from
/// <c>TryRead…</c> methods instead of throwing, so a malformed packet is counted and dropped,
/// never a crash; <see cref="Reason"/> is always a literal, so reporting a failure does not allocate.
/// </summary>
/// <param name="Offset">Byte offset (from the start of the buffer handed to the reader) where decoding stopped.</param>
/// <param name="Reason">A plain reason, e.g. "option 61 runs past the end of the options field".</param>
public readonly record struct WireError(int Offset, string Reason)
{
    /// <summary>Formats as <c>offset N: reason</c>, the form logs and exception messages use.</summary>
    public override string ToString() => $"offset {Offset}: {Reason}";
}
