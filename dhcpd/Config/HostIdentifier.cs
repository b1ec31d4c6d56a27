using System.Collections.Immutable;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// <c>host-identifier option NAME DATA;</c>: a host recognised by an option of its requests instead of its hardware
/// address or client identifier, as a switch port's relay agent circuit id (<c>agent.circuit-id</c>).
/// </summary>
/// <param name="Code">The option's code (82 for the relay agent's sub-options).</param>
/// <param name="SubOption">The sub-option of option 82 (<c>agent.circuit-id</c> 1, <c>agent.remote-id</c> 2), or null.</param>
/// <param name="Value">The bytes the request's option must hold exactly.</param>
/// <param name="Name">The option's name as written, for messages.</param>
public sealed record HostIdentifier(byte Code, byte? SubOption, ImmutableArray<byte> Value, string Name);
