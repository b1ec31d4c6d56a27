using System.Net;
using System.Text.RegularExpressions;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.IntegrationTests.Support;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Tests.Support;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.IntegrationTests.Dhcpd;

/// <summary>
/// dhcpd behind a relay: <c>--listen 127.0.0.1:P -p P</c>, the test (or perfdhcp) playing the relay agent at
/// 127.0.0.2:P. The giaddr falls in a subnet without a range that shares its network with the IPoIB subnet the
/// leases come from, as on a head node whose relayed partitions sit behind a router.
/// </summary>
public sealed partial class RelayedUdpTests
{
    private const string Config = """
        authoritative;
        ddns-update-style none;
        default-lease-time 8;
        min-lease-time 4;
        max-lease-time 8;

        # The relay's side (giaddr 127.0.0.2) and the IPoIB subnet behind it are one network.
        shared-network relay {
          subnet 127.0.0.0 netmask 255.0.0.0 { }
          subnet 198.18.64.0 netmask 255.255.255.0 {
            option routers 198.18.64.1;
            option interface-mtu 2044;
            range 198.18.64.10 198.18.64.250;
          }
        }
        """;

    private static readonly IPv4Address RangeStart = IPv4Address.Parse("198.18.64.10");
    private static readonly IPv4Address RangeEnd = IPv4Address.Parse("198.18.64.250");
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Test]
    public async Task RelayedIPoIBDiscoverAndRequest_AreAnsweredToTheRelay()
    {
        using var workspace = Workspace.Create();
        int port = LoopbackPorts.PickFree();
        string leases = workspace.File("dhcpd.leases");
        await using var dhcpd = await Support.Dhcpd.StartRelayedAsync(workspace, workspace.Write("dhcpd.conf", Config), leases, port);
        await using var relay = DhcpTestClient.OverUdp(new IPEndPoint(LoopbackPorts.Relay, port), new IPEndPoint(LoopbackPorts.Server, port));
        var id = ClientIdentifier.FlexBoot(PortGuid.Parse("0002:c903:0000:2001"));
        string who = $"{id.ToColonHex()} (guid 0002:c903:0000:2001)";
        var giaddr = IPv4Address.FromIPAddress(LoopbackPorts.Relay);
        var serverId = IPv4Address.FromIPAddress(LoopbackPorts.Server);
        uint xid = (uint)TestContext.CurrentContext.Random.Next();

        var discover = new DhcpPacket(DhcpMessageType.Discover, xid, id) { GatewayAddress = giaddr, Hops = 1 };
        var offer = await relay.ExchangeAsync(discover, default);
        IPoIBReplyAssert.Framing(offer, discover, DhcpMessageType.Offer);
        Assert.That(offer!.Endpoints.Source, Is.EqualTo(serverId), "from the --listen address");
        Assert.That(offer.Endpoints.SourcePort, Is.EqualTo(port), "from the server port (-p)");
        Assert.That(offer.Message.GatewayAddress, Is.EqualTo(giaddr), "giaddr kept for the relay");
        Assert.That(offer.YourAddress, Is.InRange(RangeStart, RangeEnd), "from the IPoIB subnet sharing the relay's network");
        Assert.That(offer.ServerIdentifier, Is.EqualTo(serverId));
        Assert.That(offer.Address(DhcpOptionCode.Routers), Is.EqualTo(IPv4Address.Parse("198.18.64.1")));
        Assert.That(offer.UInt16(DhcpOptionCode.InterfaceMtu), Is.EqualTo(2044));
        await dhcpd.WaitForLineAsync($"DHCPDISCOVER from {who} via {giaddr}", Timeout);
        await dhcpd.WaitForLineAsync($"DHCPOFFER on {offer.YourAddress} to {who} via {giaddr}", Timeout);

        var request = new DhcpPacket(DhcpMessageType.Request, xid + 1, id)
        {
            GatewayAddress = giaddr,
            Hops = 1,
            RequestedAddress = offer.YourAddress,
            ServerIdentifier = serverId,
        };
        var ack = await relay.ExchangeAsync(request, default);
        IPoIBReplyAssert.Framing(ack, request, DhcpMessageType.Ack);
        Assert.That(ack!.YourAddress, Is.EqualTo(offer.YourAddress));
        Assert.That(ack.UInt32(DhcpOptionCode.LeaseTime), Is.EqualTo(8));
        await dhcpd.WaitForLineAsync($"DHCPACK on {offer.YourAddress} to {who} via {giaddr}", Timeout);
        var lease = LeaseFile.Latest(leases)[offer.YourAddress];
        Assert.That(lease.BindingState, Is.EqualTo(LeaseBindingState.Active));
        Assert.That(ClientIdentifier.FromBytes(lease.ClientId.Span), Is.EqualTo(id));
    }

    [Test]
    public async Task ARelayedDiscoverWithA255ByteOption82_GetsAnOfferThatEchoesIt()
    {
        using var workspace = Workspace.Create();
        int port = LoopbackPorts.PickFree();
        await using var dhcpd = await Support.Dhcpd.StartRelayedAsync(workspace, workspace.Write("dhcpd.conf", Config), workspace.File("dhcpd.leases"), port);
        await using var relay = DhcpTestClient.OverUdp(new IPEndPoint(LoopbackPorts.Relay, port), new IPEndPoint(LoopbackPorts.Server, port));
        var id = ClientIdentifier.FlexBoot(PortGuid.Parse("0002:c903:0000:2082"));
        // Circuit-id (100 bytes) and remote-id (151 bytes): 255 bytes, the largest single option 82.
        var rai = new byte[255];
        new Random(82).NextBytes(rai);
        (rai[0], rai[1], rai[102], rai[103]) = (1, 100, 2, 151);
        var discover = new DhcpPacket(DhcpMessageType.Discover, (uint)TestContext.CurrentContext.Random.Next(), id)
        {
            GatewayAddress = IPv4Address.FromIPAddress(LoopbackPorts.Relay),
            Hops = 1,
            RelayAgentInformation = rai,
        };

        var offer = await relay.ExchangeAsync(discover, default);

        IPoIBReplyAssert.Framing(offer, discover, DhcpMessageType.Offer);
        Assert.That(offer!.Message.GetOption(DhcpOptionCode.RelayAgentInformation).ToArray(), Is.EqualTo(rai), "RFC 3046 2.2: echoed unchanged");
        Assert.That(offer.Message.Raw.Length - (rai.Length + 2), Is.LessThanOrEqualTo(548), "what the relay forwards fits the client's 576 bytes");
        Assert.That(offer.UInt16(DhcpOptionCode.InterfaceMtu), Is.EqualTo(2044));
    }

    [Test]
    public async Task Perfdhcp_EveryExchangeCompletes()
    {
        const string perfdhcp = "/usr/sbin/perfdhcp";
        Prerequisites.RequireExecutable(perfdhcp, "kea-admin");
        await LoopbackPorts.EnsureRelayAddressOnLoopbackAsync();
        using var workspace = Workspace.Create();
        int port = LoopbackPorts.PickFree();
        await using var dhcpd = await Support.Dhcpd.StartRelayedAsync(workspace, workspace.Write("dhcpd.conf", Config), workspace.File("dhcpd.leases"), port);

        // 50 DORA exchanges a second for 3 s over 100 simulated clients, perfdhcp acting as the relay at 127.0.0.2:P
        // (Ethernet clients with 01:MAC identifiers: perfdhcp 2.2 cannot send another option 61). -W: wait 1 s for
        // answers in flight before counting.
        var run = await ProgramRun.RunAsync(perfdhcp,
            ["-4", "-g", "single", "-l", LoopbackPorts.Relay.ToString(), "-L", $"{port}", "-N", $"{port}",
             "-r", "50", "-R", "100", "-p", "3", "-W", "1000000", "-s", "7", LoopbackPorts.Server.ToString()],
            TimeSpan.FromSeconds(60));
        TestContext.Out.WriteLine(run.StandardOutput);

        Assert.That(run.ExitCode, Is.EqualTo(0).Or.EqualTo(3), $"perfdhcp failed:\n{run.StandardError}");
        var discoverOffer = Section(run.StandardOutput, "DISCOVER-OFFER");
        var requestAck = Section(run.StandardOutput, "REQUEST-ACK");
        Assert.That(discoverOffer.Sent, Is.GreaterThanOrEqualTo(100), "perfdhcp ran at the asked rate");
        Assert.That(discoverOffer.Received, Is.GreaterThanOrEqualTo(discoverOffer.Sent * 0.99), $"DISCOVER-OFFER {discoverOffer}");
        Assert.That(requestAck.Received, Is.GreaterThanOrEqualTo(requestAck.Sent * 0.99), $"REQUEST-ACK {requestAck}");
        Assert.That(requestAck.Received, Is.GreaterThanOrEqualTo(discoverOffer.Received * 0.99), "nearly every offer led to an ACK");
        Assert.That(dhcpd.Count("DHCPACK on 198.18.64."), Is.GreaterThanOrEqualTo(requestAck.Received), "dhcpd logged every ACK perfdhcp counted");
    }

    private static (long Sent, long Received, long Drops) Section(string report, string exchange)
    {
        var match = SectionPattern().Match(report[report.IndexOf($"Statistics for: {exchange}", StringComparison.Ordinal)..]);
        Assert.That(match.Success, Is.True, $"no '{exchange}' statistics in perfdhcp's report:\n{report}");
        return (long.Parse(match.Groups[1].Value), long.Parse(match.Groups[2].Value), long.Parse(match.Groups[3].Value));
    }

    [GeneratedRegex(@"sent packets: (\d+)\s+received packets: (\d+)\s+drops: (\d+)")]
    private static partial Regex SectionPattern();
}
