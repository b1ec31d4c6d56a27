using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// The system resolver (/etc/hosts, then DNS, as nsswitch.conf says), as ISC dhcpd resolves names at load time, with a
/// time limit so a dead name server makes a plain error instead of a hung start-up.
/// </summary>
/// <param name="timeLimit">How long one name may take.</param>
public sealed class SystemHostNameResolver(TimeSpan timeLimit) : IHostNameResolver
{
    /// <summary>The resolver dhcpd uses: 10 seconds a name.</summary>
    public static SystemHostNameResolver Default { get; } = new(TimeSpan.FromSeconds(10));

    /// <inheritdoc/>
    public bool TryResolve(string name, out ImmutableArray<IPv4Address> addresses, out string error)
    {
        addresses = [];
        using var cancel = new CancellationTokenSource(timeLimit);
        var lookup = Dns.GetHostAddressesAsync(name, AddressFamily.InterNetwork, cancel.Token);
        try
        {
            if (!lookup.Wait(timeLimit))
            {
                error = $"no answer within {timeLimit.TotalSeconds:0} s";
                return false;
            }
        }
        catch (AggregateException e) when (e.InnerException is SocketException or OperationCanceledException or ArgumentException)
        {
            error = e.InnerException switch
            {
                SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData } => "no such host",
                SocketException s => s.Message,
                OperationCanceledException => $"no answer within {timeLimit.TotalSeconds:0} s",
                _ => "not a valid host name",
            };
            return false;
        }
        addresses = [.. lookup.Result.Where(a => a.AddressFamily == AddressFamily.InterNetwork).Select(a => IPv4Address.Parse(a.ToString())).Distinct()];
        error = addresses.IsEmpty ? "no IPv4 address" : "";
        return !addresses.IsEmpty;
    }
}
