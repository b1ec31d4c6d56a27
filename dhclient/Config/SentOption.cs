using System.Collections.Immutable;

namespace IPoIBDhcp.Client.Config;

/// <summary>One <c>send NAME VALUE;</c> statement: the option and the exact bytes to put on the wire.</summary>
/// <param name="Code">Option code.</param>
/// <param name="Value">Value bytes; empty when <paramref name="FromHostName"/> is set.</param>
/// <param name="FromHostName">True for <c>send NAME = gethostname();</c>: the value is the system host name when the client starts.</param>
public sealed record SentOption(byte Code, ImmutableArray<byte> Value, bool FromHostName = false);
