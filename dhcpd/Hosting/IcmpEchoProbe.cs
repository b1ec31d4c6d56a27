using System.Net.NetworkInformation;
using IPoIBDhcp.Logging;
using IPoIBDhcp.Text;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Hosting;

/// <summary>
/// ISC's ping check: one ICMP Echo request to the address, through the host's IP stack (a raw ICMP socket as root, the
/// kernel's datagram ICMP socket otherwise; .NET's <see cref="Ping"/> picks), waited for asynchronously so no receive
/// loop waits with it. On IPoIB the echo goes out of the ib interface like any IP packet; on the emulated fabric there
/// is no interface to send it on, and the server does not ping there (<see cref="Protocol.DhcpServerCore"/>).
/// </summary>
public sealed class IcmpEchoProbe(ILogSink log) : IAddressProbe
{
    /// <inheritdoc/>
    public async Task<bool> AnswersAsync(IPv4Address address, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var ping = new Ping();
        try
        {
            var reply = await ping.SendPingAsync(address.ToIPAddress(), timeout, null, null, cancellationToken).ConfigureAwait(false);
            return reply.Status == IPStatus.Success;
        }
        catch (PingException ex)
        {
            // The check could not be made (no route, no permission): the address is offered, as when nothing answers.
            if (log.IsEnabled(LogSeverity.Error)) log.Write(LogSeverity.Error, $"ping-check of {address}: {ErrorText.Of(ex.InnerException ?? ex)}");
            return false;
        }
    }
}
