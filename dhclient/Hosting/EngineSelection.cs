using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Client.Hosting;

/// <summary>What the command line asks of the engine: the emulated fabric (<c>--fabric</c>), UDP to a server (<c>-s</c>), or the real link.</summary>
/// <param name="FabricFile">The fabric description file, or null.</param>
/// <param name="Server">The <c>-s</c> server, or null.</param>
public sealed record EngineSelection(string? FabricFile, IPv4Address? Server);
