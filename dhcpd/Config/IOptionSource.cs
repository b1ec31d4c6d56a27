namespace IPoIBDhcp.Server.Config;

/// <summary>
/// What an expression can see of a client's request. Kept tiny so the engine can back it with its
/// zero-copy packet reader, and tests with a dictionary.
/// </summary>
public interface IOptionSource
{
    /// <summary>The bytes of option <paramref name="code"/> as the client sent it, or false when absent.</summary>
    bool TryGetOption(byte code, out ReadOnlyMemory<byte> value);

    /// <summary>True when the client matched a host declaration (ISC's <c>known</c>).</summary>
    bool IsKnown { get; }
}
