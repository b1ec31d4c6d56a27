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

    /// <summary>A port that is free on both addresses right now (the kernel picks it; bounded retries).</summary>
    public static int PickFree()
    {
        for (int attempt = 0; attempt < 20; attempt++)
        {
            using var first = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            first.Bind(new IPEndPoint(Server, 0));
            int port = ((IPEndPoint)first.LocalEndPoint!).Port;
            using var second = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                second.Bind(new IPEndPoint(Relay, port));
                return port;
            }
            catch (SocketException)
            {
                // taken on the relay address: try another
            }
        }
        throw new InvalidOperationException("no UDP port free on both 127.0.0.1 and 127.0.0.2");
    }
}
