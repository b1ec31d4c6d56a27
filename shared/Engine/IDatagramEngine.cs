namespace IPoIBDhcp.Engine;

/// <summary>Opens ports by interface name; one implementation per backend.</summary>
public interface IDatagramEngine
{
    /// <summary>
    /// Opens <paramref name="interfaceName"/> to send and receive UDP on <paramref name="localPort"/>
    /// (67 for a server, 68 for a client; the ISC <c>-p</c> flag moves both).
    /// </summary>
    ValueTask<IDatagramPort> OpenAsync(string interfaceName, ushort localPort, CancellationToken cancellationToken);
}
