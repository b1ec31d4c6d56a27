using IPoIBDhcp.Engine;

namespace IPoIBDhcp.Client.Hosting;

/// <summary>Creates the datagram engine the command line selects; tests inject one over in-memory ports.</summary>
public interface IEngineFactory
{
    /// <summary>The engine for <paramref name="selection"/>; throws <see cref="NotSupportedException"/> when that backend is not in this build.</summary>
    IDatagramEngine Create(EngineSelection selection);
}
