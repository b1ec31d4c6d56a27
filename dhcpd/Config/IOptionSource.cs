using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// What an expression can see while it is evaluated (ISC's evaluation context): the client's request, and what
/// the server has decided about it so far. Kept small so the engine can back it with its zero-copy packet reader
/// (<see cref="EvaluationContext"/>) and tests with a dictionary; the members after the first two default to
/// "not known" so a source that only has options still works, and expressions reading them yield null.
/// </summary>
public interface IOptionSource
{
    /// <summary>The bytes of option <paramref name="code"/> as the client sent it, or false when absent.</summary>
    bool TryGetOption(byte code, out ReadOnlyMemory<byte> value);

    /// <summary>True when the client matched a host declaration (ISC's <c>known</c>).</summary>
    bool IsKnown { get; }

    /// <summary>The whole request as received (ISC's <c>packet (OFFSET, LENGTH)</c>); empty when there is none.</summary>
    ReadOnlyMemory<byte> Packet => ReadOnlyMemory<byte>.Empty;

    /// <summary>True when the address given is a host's fixed address (ISC's <c>static</c>).</summary>
    bool IsStatic => false;

    /// <summary>The name of the host declaration the client matched (ISC's <c>host-decl-name</c>), or null.</summary>
    string? HostDeclarationName => null;

    /// <summary>The address being given to the client (ISC's <c>leased-address</c>), or null before one is chosen.</summary>
    IPv4Address? LeasedAddress => null;

    /// <summary>The lease time being granted in seconds (ISC's <c>lease-time</c>), or null before it is known.</summary>
    uint? LeaseTime => null;

    /// <summary>
    /// The value the configuration gives option <paramref name="code"/> for this client (ISC's <c>config-option</c>),
    /// or false when none does or it is not known yet.
    /// </summary>
    bool TryGetConfigOption(byte code, out ReadOnlyMemory<byte> value)
    {
        value = default;
        return false;
    }
}
