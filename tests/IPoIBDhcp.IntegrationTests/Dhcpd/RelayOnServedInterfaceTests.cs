using System.Net;
using System.Net.Sockets;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.IntegrationTests.Support;
using IPoIBDhcp.Tests.Support;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.IntegrationTests.Dhcpd;

/// <summary>
/// A head node's dhcpd serving its link through a packet socket (<c>dhcpd veth0</c>, as <c>dhcpd ib0</c>) with a relay
/// agent on another network routed through that link. The relayed requests reach the packet socket as unicast to the
/// server's address; the replies go back through the routed fallback socket, as ISC's do. Two namespaces: the
/// server's (veth0 198.18.20.1/24, a route to 198.18.21.0/24 via the relay) and the relay's (veth1 198.18.20.2/24, and
/// its giaddr 198.18.21.1/24 on a second link).
/// </summary>
[NonParallelizable]
public sealed class RelayOnServedInterfaceTests
{
    private const string Config = """
        authoritative;
        ddns-update-style none;
        default-lease-time 60;
        max-lease-time 60;

        # The head node's own link.
        subnet 198.18.20.0 netmask 255.255.255.0 {
          range 198.18.20.100 198.18.20.150;
        }

        # The network behind the relay agent.
        subnet 198.18.21.0 netmask 255.255.255.0 {
          option routers 198.18.21.1;
          range 198.18.21.10 198.18.21.50;
        }
        """;

    private static readonly IPv4Address Server = IPv4Address.Parse("198.18.20.1");
    private static readonly IPv4Address Giaddr = IPv4Address.Parse("198.18.21.1");
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private VethPair? pair;
    private Workspace? workspace;
    private DaemonProcess? dhcpd;

    [SetUp]
    public async Task SetUp()
    {
        Prerequisites.RequireNetworkNamespaces();
        workspace = Workspace.Create();
        pair = await VethPair.CreateAsync($"{Server}/24", "198.18.20.2/24");
        // The relay's own network: a second link in its namespace, whose address is the giaddr.
        await pair.Right.IpAsync("link", "add", "relay0", "type", "veth", "peer", "name", "relay0p");
        await pair.Right.IpAsync("addr", "add", $"{Giaddr}/24", "dev", "relay0");
        await pair.Right.IpAsync("link", "set", "relay0", "up");
        await pair.Right.IpAsync("link", "set", "relay0p", "up");
        await pair.Left.IpAsync("route", "add", "198.18.21.0/24", "via", "198.18.20.2", "dev", pair.LeftInterface);
        dhcpd = await Support.Dhcpd.StartInNamespaceAsync(pair.Left, workspace, workspace.Write("dhcpd.conf", Config),
            workspace.File("dhcpd.leases"), pair.LeftInterface);
    }

    [TearDown]
    public async Task TearDown()
    {
        if (dhcpd is not null)
        {
            TestContext.Out.WriteLine(dhcpd.Output);
            await dhcpd.DisposeAsync();
        }
        if (pair is not null) await pair.DisposeAsync();
        workspace?.Dispose();
    }

    [Test]
    public async Task RelayedDiscoverAndRequest_OnAPacketSocketInterface_AreAnsweredOnceToTheRelay()
    {
        var dhcpd = this.dhcpd!;
        await dhcpd.WaitForLineAsync("Sending on   Socket/fallback", Timeout);
        // The relay agent: a UDP socket on giaddr:67 in the relay's namespace, forwarding to the server's address.
        await using var relay = await pair!.Right.RunAsync(() =>
            DhcpTestClient.OverUdp(new IPEndPoint(Giaddr.ToIPAddress(), 67), new IPEndPoint(Server.ToIPAddress(), 67)));
        var id = ClientIdentifier.FlexBoot(PortGuid.Parse("0002:c903:0000:3001"));
        string who = $"{id.ToColonHex()} (guid 0002:c903:0000:3001)";
        uint xid = (uint)TestContext.CurrentContext.Random.Next();

        // One attempt each, with time to spare: a second answer to one request would be the fallback socket's copy.
        var discover = new DhcpPacket(DhcpMessageType.Discover, xid, id) { GatewayAddress = Giaddr, Hops = 1 };
        var offer = await relay.ExchangeAsync(discover, default, Timeout, attempts: 1);
        Assert.That(offer, Is.Not.Null, $"no OFFER reached the relay; dhcpd output:\n{dhcpd.Output}");
        IPoIBReplyAssert.Framing(offer, discover, DhcpMessageType.Offer);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(offer!.Endpoints.Source, Is.EqualTo(Server), "routed from the server's address on the relay's route");
            Assert.That(offer.Endpoints.SourcePort, Is.EqualTo(67), "from the server port");
            Assert.That(offer.Message.GatewayAddress, Is.EqualTo(Giaddr));
            Assert.That(offer.YourAddress, Is.InRange(IPv4Address.Parse("198.18.21.10"), IPv4Address.Parse("198.18.21.50")), "from the relay's subnet");
            Assert.That(offer.ServerIdentifier, Is.EqualTo(Server), "the address of the interface the request came in on");
        }
        await dhcpd.WaitForLineAsync($"DHCPOFFER on {offer.YourAddress} to {who} via {Giaddr}", Timeout);

        var request = new DhcpPacket(DhcpMessageType.Request, xid + 1, id)
        {
            GatewayAddress = Giaddr,
            Hops = 1,
            RequestedAddress = offer.YourAddress,
            ServerIdentifier = Server,
        };
        var ack = await relay.ExchangeAsync(request, default, Timeout, attempts: 1);
        Assert.That(ack, Is.Not.Null, $"no ACK reached the relay; dhcpd output:\n{dhcpd.Output}");
        IPoIBReplyAssert.Framing(ack, request, DhcpMessageType.Ack);
        Assert.That(ack!.YourAddress, Is.EqualTo(offer.YourAddress));
        await dhcpd.WaitForLineAsync($"DHCPACK on {offer.YourAddress} to {who} via {Giaddr}", Timeout);

        // Anything answered twice would have arrived by now.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(dhcpd.HasExited, Is.False, $"dhcpd exited; output:\n{dhcpd.Output}");
            Assert.That(relay.AllReplies, Has.Count.EqualTo(2), "one OFFER and one ACK: the fallback socket's copies are discarded");
            Assert.That(dhcpd.Count("DHCPDISCOVER from"), Is.EqualTo(1), "the DISCOVER was handled once");
            Assert.That(dhcpd.Count("DHCPREQUEST for"), Is.EqualTo(1), "the REQUEST was handled once");
            Assert.That(dhcpd.Count("not sent"), Is.Zero, "every reply was sent");
        }
    }

    [Test]
    public async Task AReplyTheLinkCannotCarry_IsCountedAndLogged_AndTheServerKeepsServing()
    {
        var dhcpd = this.dhcpd!;
        // An Ethernet client whose chaddr (hlen 16) is no Ethernet address: the reply's route, unicast to chaddr,
        // cannot be sent on veth0.
        byte[] chaddr = [.. Enumerable.Range(1, 16).Select(i => (byte)i)];
        var id = ClientIdentifier.FromBytes([0x01, .. chaddr[..6]]);
        uint xid = (uint)TestContext.CurrentContext.Random.Next();
        byte[] discover = new DhcpPacket(DhcpMessageType.Discover, xid, id)
        {
            HardwareType = HardwareType.Ethernet,
            ClientHardwareAddress = chaddr,
            Flags = 0,
        }.Build();
        using var client = await pair!.Right.RunAsync(() =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.EnableBroadcast = true;
            socket.SetRawSocketOption(1 /* SOL_SOCKET */, 25 /* SO_BINDTODEVICE */, "veth1\0"u8);
            socket.Bind(new IPEndPoint(IPAddress.Any, 68));
            return socket;
        });
        await client.SendToAsync(discover, SocketFlags.None, new IPEndPoint(IPAddress.Broadcast, 67));

        string line = await dhcpd.WaitForLineAsync("not sent", Timeout);
        Assert.That(line, Does.Contain(pair.LeftInterface).And.Contain("16-byte"), "the log says which port and why");

        // Still serving: a relayed DISCOVER after it is answered.
        await using var relay = await pair.Right.RunAsync(() =>
            DhcpTestClient.OverUdp(new IPEndPoint(Giaddr.ToIPAddress(), 67), new IPEndPoint(Server.ToIPAddress(), 67)));
        var relayed = new DhcpPacket(DhcpMessageType.Discover, xid + 1, ClientIdentifier.FlexBoot(PortGuid.Parse("0002:c903:0000:3002")))
        {
            GatewayAddress = Giaddr,
            Hops = 1,
        };
        var offer = await relay.ExchangeAsync(relayed, default, Timeout, attempts: 1);
        Assert.That(offer, Is.Not.Null, $"no OFFER after the unsendable reply; dhcpd output:\n{dhcpd.Output}");
        Assert.That(dhcpd.HasExited, Is.False, $"dhcpd exited; output:\n{dhcpd.Output}");
    }
}
