using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// The context an expression is evaluated in for one request: the decoded packet and what the server has decided so
/// far (host, leased address, lease time, the options the configuration gives). One is made per request and read by
/// every expression of that request; it holds no state of its own beyond what it is given, so code that evaluates at
/// other times (commit, release, expiry hooks) builds one with what it knows then.
/// </summary>
/// <param name="Request">The client's message (reused by the receive loop: valid for this request only).</param>
public sealed class EvaluationContext(DhcpMessage Request) : IOptionSource
{
    /// <summary>The client's message.</summary>
    public DhcpMessage Request { get; } = Request;

    /// <inheritdoc/>
    public bool IsKnown { get; init; }

    /// <inheritdoc/>
    public bool IsStatic { get; init; }

    /// <inheritdoc/>
    public string? HostDeclarationName { get; init; }

    /// <inheritdoc/>
    public IPv4Address? LeasedAddress { get; init; }

    /// <inheritdoc/>
    public uint? LeaseTime { get; init; }

    /// <summary>The options the configuration gives this client, by code, for <c>config-option</c>; null before they are resolved.</summary>
    public IReadOnlyDictionary<byte, ReadOnlyMemory<byte>>? ConfigOptions { get; init; }

    /// <inheritdoc/>
    public ReadOnlyMemory<byte> Packet => Request.RawMemory;

    /// <inheritdoc/>
    public bool TryGetOption(byte code, out ReadOnlyMemory<byte> value) => Request.TryGetOptionMemory(code, out value);

    /// <inheritdoc/>
    public bool TryGetConfigOption(byte code, out ReadOnlyMemory<byte> value)
    {
        if (ConfigOptions is { } options && options.TryGetValue(code, out value)) return true;
        value = default;
        return false;
    }
}
