using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Hosting;

/// <summary>Asks whether something answers at an address: ping-check's question, a seam so tests can answer it.</summary>
public interface IAddressProbe
{
    /// <summary>True when an answer came within <paramref name="timeout"/>; false when none did or the probe could not be sent.</summary>
    Task<bool> AnswersAsync(IPv4Address address, TimeSpan timeout, CancellationToken cancellationToken);
}
