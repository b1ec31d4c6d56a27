using System.Net;
using System.Net.Sockets;

namespace IPoIBDhcp.IntegrationTests.Support;

/// <summary>Free UDP ports on loopback for a relayed dhcpd (<c>--listen 127.0.0.1:P -p P</c>) and its relay at 127.0.0.2:P.</summary>
internal static class LoopbackPorts
{
    /// <summary>The address dhcpd listens on.</summary>
    public static readonly IPAddress Server = IPAddress.Parse("127.0.0.1");

    /// <summary>The relay's address (all of 127.0.0.0/8 is local on Linux's lo).</summary>
    public static readonly IPAddress Relay = IPAddress.Parse("127.0.0.2");

    /// <summary>
    /// Makes the relay address an address of <c>lo</c> (it is local anyway, as all of 127.0.0.0/8) for tools that
    /// insist on finding their source address on an interface, such as perfdhcp's <c>-l</c>. Needs root.
    /// </summary>
    public static async Task EnsureRelayAddressOnLoopbackAsync()
    {
        string shown = await IPoIBDhcp.Tests.Support.CommandRunner.IpAsync("-4", "addr", "show", "dev", "lo").ConfigureAwait(false);
        if (shown.Contains($"inet {Relay}/", StringComparison.Ordinal)) return;
        IPoIBDhcp.Tests.Support.Prerequisites.Require(Environment.IsPrivilegedProcess, $"root, to add {Relay}/32 to lo for perfdhcp -l");
        await IPoIBDhcp.Tests.Support.CommandRunner.IpAsync("addr", "add", $"{Relay}/32", "dev", "lo").ConfigureAwait(false);
    }

    /// <summary>A UDP port that is free on both addresses right now (the kernel picks it; bounded retries).</summary>
    public static int PickFree() => PickFree(SocketType.Dgram, Server, Relay);

    /// <summary>A port of <paramref name="type"/> (UDP or TCP) that is free on every one of <paramref name="addresses"/> right now.</summary>
    public static int PickFree(SocketType type, params IPAddress[] addresses)
    {
        var protocol = type == SocketType.Stream ? ProtocolType.Tcp : ProtocolType.Udp;
        for (int attempt = 0; attempt < 20; attempt++)
        {
            using var first = new Socket(AddressFamily.InterNetwork, type, protocol);
            first.Bind(new IPEndPoint(addresses[0], 0));
            int port = ((IPEndPoint)first.LocalEndPoint!).Port;
            var others = new List<Socket>();
            try
            {
                foreach (var address in addresses.Skip(1))
                {
                    var other = new Socket(AddressFamily.InterNetwork, type, protocol);
                    others.Add(other);
                    other.Bind(new IPEndPoint(address, port));
                }
                return port;
            }
            catch (SocketException)
            {
                // taken on another address: try another
            }
            finally
            {
                foreach (var other in others) other.Dispose();
            }
        }
        throw new InvalidOperationException($"no {protocol} port free on all of {string.Join(", ", addresses.Select(a => a.ToString()))}");
    }
}
