using System.Net;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.IntegrationTests.Support;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.IntegrationTests.Dhcpd;

/// <summary>
/// The real dhcpd behind on its UDP socket: stopped (SIGSTOP) while a relay queues DISCOVERs, a retransmission and a
/// REQUEST in the kernel, then resumed. It must read the queue and answer the REQUEST first, then the DISCOVERs newest
/// first, the retransmitted one once, and say so in its counters.
/// </summary>
public sealed class ReceiveBacklogTests
{
    private const string Config = """
        authoritative;
        ddns-update-style none;
        shared-network relay {
          subnet 127.0.0.0 netmask 255.0.0.0 { }
          subnet 198.18.64.0 netmask 255.255.255.0 {
            range 198.18.64.10 198.18.64.250;
          }
        }
        """;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly IPv4Address Giaddr = IPv4Address.FromIPAddress(LoopbackPorts.Relay);

    private static ClientIdentifier Node(int n) => ClientIdentifier.FlexBoot(new PortGuid(0x0002_c903_0000_8000UL | (uint)n));

    [Test]
    public async Task Behind_ItAnswersTheRequestFirst_ThenTheNewestDiscovers_AndARetransmissionOnce()
    {
        using var workspace = Workspace.Create();
        int port = LoopbackPorts.PickFree();
        await using var dhcpd = await Support.Dhcpd.StartRelayedAsync(workspace, workspace.Write("dhcpd.conf", Config), workspace.File("dhcpd.leases"), port);
        await using var relay = DhcpTestClient.OverUdp(new IPEndPoint(LoopbackPorts.Relay, port), new IPEndPoint(LoopbackPorts.Server, port));

        await dhcpd.FreezeAsync(Timeout);
        try
        {
            for (int n = 1; n <= 3; n++)
                await relay.SendAsync(new DhcpPacket(DhcpMessageType.Discover, (uint)n, Node(n)) { GatewayAddress = Giaddr, Hops = 1 }, default);
            await relay.SendAsync(new DhcpPacket(DhcpMessageType.Discover, 2, Node(2)) { GatewayAddress = Giaddr, Hops = 1 }, default); // node2 retransmits
            // INIT-REBOOT for an address of another network: the authoritative server NAKs it.
            await relay.SendAsync(new DhcpPacket(DhcpMessageType.Request, 4, Node(4)) { GatewayAddress = Giaddr, Hops = 1, RequestedAddress = IPv4Address.Parse("198.18.200.5") }, default);
            await Task.Delay(200); // all five in the socket's queue
        }
        finally
        {
            await dhcpd.SignalAsync("CONT");
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (relay.AllReplies.Count < 4 && clock.Elapsed < Timeout) await Task.Delay(20);
        await Task.Delay(300); // a fifth reply, if any, would be a second answer to node2
        var replies = relay.AllReplies.Select(r => (r.Message.TransactionId, r.Type)).ToArray();
        Assert.That(replies, Is.EqualTo(new[]
        {
            (4u, DhcpMessageType.Nak),
            (2u, DhcpMessageType.Offer),
            (3u, DhcpMessageType.Offer),
            (1u, DhcpMessageType.Offer),
        }), "the REQUEST first, then DISCOVERs newest first, node2's retransmission the newest and answered once");
        Assert.That(await dhcpd.WaitForLineAsync("overloaded: ", Timeout), Does.Contain("1 retransmissions decided once"));
    }
}
