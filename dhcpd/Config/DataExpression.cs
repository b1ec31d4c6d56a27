namespace IPoIBDhcp.Server.Config;

/// <summary>
/// An expression that yields bytes (ISC "data expression"): option contents, substrings, literals.
/// Null means "no data" (the option is absent), which makes any comparison with it undefined.
/// </summary>
public abstract record DataExpression
{
    /// <summary>The bytes for <paramref name="request"/>, or null when a referenced option is absent.</summary>
    public abstract ReadOnlyMemory<byte>? Evaluate(IOptionSource request);
}
