using System.Net;
using System.Net.Sockets;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Engine.Udp;

namespace IPoIBDhcp.Tests.Engine;

/// <summary>
/// <see cref="UdpEngineOptions.ReuseAddress"/>, which dhcpd's fallback socket uses as ISC's does: SO_REUSEADDR and
/// nothing more, so a socket that asks the same shares the port and one asking only SO_REUSEPORT does not.
/// </summary>
[TestFixture]
[Platform("Linux")]
public sealed class UdpEngineReuseAddressTests
{
    private const int SolSocket = 1;
    private const int SoReuseAddress = 2;
    private const int SoReusePort = 15;

    [Test]
    public async Task APortOpenedWithReuseAddress_SharesItsAddressWithAnotherThatAsked_AndOnlyThat()
    {
        await using IDatagramPort port = await new UdpEngine(new UdpEngineOptions { ReuseAddress = true }).OpenAsync("udp:127.0.0.1:0", 0, CancellationToken.None);
        var bound = new IPEndPoint(IPAddress.Loopback, ((UdpPort)port).LocalPort);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(TryBind(bound, SoReuseAddress), Is.True, "SO_REUSEADDR on both: shared, as ISC's sockets");
            Assert.That(TryBind(bound, null), Is.False, "a socket that did not ask is refused");
            Assert.That(TryBind(bound, SoReusePort), Is.False, "no SO_REUSEPORT: no other process takes a share of its datagrams");
        }
    }

    [Test]
    public async Task APortOpenedWithoutIt_KeepsItsAddress()
    {
        await using IDatagramPort port = await new UdpEngine().OpenAsync("udp:127.0.0.1:0", 0, CancellationToken.None);
        Assert.That(TryBind(new IPEndPoint(IPAddress.Loopback, ((UdpPort)port).LocalPort), SoReuseAddress), Is.False);
    }

    private static bool TryBind(IPEndPoint endpoint, int? option)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        if (option is { } name) socket.SetRawSocketOption(SolSocket, name, BitConverter.GetBytes(1));
        try
        {
            socket.Bind(endpoint);
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return false;
        }
    }
}
