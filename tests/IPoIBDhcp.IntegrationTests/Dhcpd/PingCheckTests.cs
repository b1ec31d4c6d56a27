using System.Net;
using System.Net.Sockets;
using IPoIBDhcp.Identity;
using IPoIBDhcp.IntegrationTests.Support;
using IPoIBDhcp.Tests.Support;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.IntegrationTests.Dhcpd;

/// <summary>
/// ping-check on a real link: dhcpd serves veth0 (198.18.22.1/24) in its namespace through a packet socket; the peer's
/// namespace already uses 198.18.22.10, the first address of the range, on veth1. The peer's kernel answers the ICMP
/// echo, so the server logs ISC's lines, abandons .10 (the lease file says so) and offers .11 instead.
/// </summary>
[NonParallelizable]
public sealed class PingCheckTests
{
    private const string Config = """
        authoritative;
        ping-check true;
        ping-timeout-ms 500;
        subnet 198.18.22.0 netmask 255.255.255.0 {
          range 198.18.22.10 198.18.22.20;
        }
        """;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Test]
    public async Task AnAddressAPeerAlreadyUsesAnswersThePingAndIsSkipped()
    {
        Prerequisites.RequireNetworkNamespaces();
        using var workspace = Workspace.Create();
        await using var pair = await VethPair.CreateAsync("198.18.22.1/24", "198.18.22.10/24");
        string leases = workspace.File("dhcpd.leases");
        await using var dhcpd = await Support.Dhcpd.StartInNamespaceAsync(pair.Left, workspace, workspace.Write("dhcpd.conf", Config), leases, pair.LeftInterface);
        byte[] mac = [0x02, 0x00, 0x00, 0x00, 0x22, 0x01];
        var id = ClientIdentifier.FromBytes([0x01, .. mac]);
        byte[] discover = new DhcpPacket(DhcpMessageType.Discover, (uint)TestContext.CurrentContext.Random.Next(), id)
        {
            HardwareType = HardwareType.Ethernet,
            ClientHardwareAddress = mac,
            Flags = 0x8000, // broadcast the OFFER: the socket below has the peer's address, not the offered one
        }.Build();
        using var client = await pair.Right.RunAsync(() =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { EnableBroadcast = true };
            socket.SetRawSocketOption(1 /* SOL_SOCKET */, 25 /* SO_BINDTODEVICE */, "veth1\0"u8);
            socket.Bind(new IPEndPoint(IPAddress.Any, 68));
            return socket;
        });

        await client.SendToAsync(discover, SocketFlags.None, new IPEndPoint(IPAddress.Broadcast, 67));
        var buffer = new byte[1500];
        using var wait = new CancellationTokenSource(Timeout);
        int length = await client.ReceiveAsync(buffer, SocketFlags.None, wait.Token);
        var offer = new DhcpMessage();
        offer.Read(buffer.AsSpan(0, length));

        Assert.That(offer.MessageType, Is.EqualTo(DhcpMessageType.Offer));
        Assert.That(offer.YourAddress, Is.EqualTo(IPv4Address.Parse("198.18.22.11")), $"dhcpd output:\n{dhcpd.Output}");
        await dhcpd.WaitForLineAsync("ICMP Echo reply while lease 198.18.22.10 valid.", Timeout);
        await dhcpd.WaitForLineAsync("Abandoning IP address 198.18.22.10: pinged before offer", Timeout);
        await dhcpd.WaitForLineAsync("DHCPOFFER on 198.18.22.11 to ", Timeout);
        Assert.That(dhcpd.Count("DHCPOFFER on 198.18.22.10"), Is.Zero, "the answering address is never offered");
        Assert.That(await File.ReadAllTextAsync(leases), Does.Contain("lease 198.18.22.10 {").And.Contain("binding state abandoned;"));
    }
}
