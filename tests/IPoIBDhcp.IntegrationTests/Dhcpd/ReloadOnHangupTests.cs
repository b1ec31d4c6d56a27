using System.Net;
using System.Net.Sockets;
using System.Text;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.IntegrationTests.Support;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.IntegrationTests.Dhcpd;

/// <summary>
/// <c>kill -HUP</c> to the real dhcpd: an edited dhcpd.conf serves from the next request (a host added gets its fixed
/// address, a lease granted before is kept), a file that fails its check is refused with its <c>file:line:col</c> line
/// while the running configuration serves on, and systemd hears <c>RELOADING=1</c> then <c>READY=1</c> each time.
/// </summary>
public sealed class ReloadOnHangupTests
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

    private const string AddedHost = "host node2 { hardware infiniband 0002:c903:0000:2002; fixed-address 198.18.64.5; }\n";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly ClientIdentifier Node1 = ClientIdentifier.FlexBoot(PortGuid.Parse("0002:c903:0000:2001"));
    private static readonly ClientIdentifier Node2 = ClientIdentifier.FlexBoot(PortGuid.Parse("0002:c903:0000:2002"));
    private static readonly IPv4Address Giaddr = IPv4Address.FromIPAddress(LoopbackPorts.Relay);
    private static readonly IPv4Address ServerId = IPv4Address.FromIPAddress(LoopbackPorts.Server);

    [Test]
    public async Task Sighup_ServesAnAddedHost_AndKeepsTheLeasesGrantedBefore()
    {
        using var workspace = Workspace.Create();
        int port = LoopbackPorts.PickFree();
        string conf = workspace.Write("dhcpd.conf", Config);
        await using var dhcpd = await Support.Dhcpd.StartRelayedAsync(workspace, conf, workspace.File("dhcpd.leases"), port);
        await using var relay = DhcpTestClient.OverUdp(new IPEndPoint(LoopbackPorts.Relay, port), new IPEndPoint(LoopbackPorts.Server, port));
        var node1 = await BindAsync(relay, Node1);
        Assert.That(await OfferAsync(relay, Node2), Is.Not.EqualTo(IPv4Address.Parse("198.18.64.5")), "no reservation yet");

        await File.AppendAllTextAsync(conf, AddedHost);
        await dhcpd.SignalAsync("HUP");
        string reloaded = await dhcpd.WaitForLineAsync("Reloaded ", Timeout);
        Assert.That(reloaded, Does.Contain("1 hosts (1 added, 0 removed)"));

        Assert.That(await OfferAsync(relay, Node2), Is.EqualTo(IPv4Address.Parse("198.18.64.5")), "the added host's fixed address, from the next request");
        Assert.That(await RebootAsync(relay, Node1, node1), Is.EqualTo(DhcpMessageType.Ack), "node1's lease outlived the reload");
        Assert.That(dhcpd.HasExited, Is.False, "SIGHUP does not end dhcpd");
    }

    [Test]
    public async Task Sighup_WithABrokenFile_IsRefusedWithItsPlace_TheRunningConfigurationServes_AndSystemdHearsBoth()
    {
        using var workspace = Workspace.Create();
        int port = LoopbackPorts.PickFree();
        string conf = workspace.Write("dhcpd.conf", Config + AddedHost);
        string socketPath = workspace.File("notify");
        using var systemd = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        systemd.Bind(new UnixDomainSocketEndPoint(socketPath));
        await File.WriteAllTextAsync(workspace.File("dhcpd.leases"), "");
        string[] arguments = ["-d", "-cf", conf, "-lf", workspace.File("dhcpd.leases"), "--no-pid", "-p", $"{port}", "--listen", $"127.0.0.1:{port}"];
        await using var dhcpd = DaemonProcess.Start(RepoLayout.Program("dhcpd"), arguments, new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath });
        Assert.That(await ReceiveAsync(systemd), Does.StartWith("READY=1"));
        await using var relay = DhcpTestClient.OverUdp(new IPEndPoint(LoopbackPorts.Relay, port), new IPEndPoint(LoopbackPorts.Server, port));

        // The host is removed and a typo added on line 9: the whole file is refused, the host stays served.
        await File.WriteAllTextAsync(conf, Config + "default-lease-tme 600;\n");
        await dhcpd.SignalAsync("HUP");
        Assert.That(await ReceiveAsync(systemd), Does.StartWith("RELOADING=1\nMONOTONIC_USEC="));
        Assert.That(await ReceiveAsync(systemd), Does.StartWith("READY=1").And.Contain("reload refused"));
        Assert.That(await dhcpd.WaitForLineAsync($"{conf}:9:", Timeout), Is.EqualTo($"{conf}:9:1: unknown statement 'default-lease-tme'"));
        Assert.That(await dhcpd.WaitForLineAsync($"Reload of {conf} refused: 1 problem;", Timeout), Does.Contain("(2 subnets, 1 hosts) keeps serving"));
        Assert.That(await OfferAsync(relay, Node2), Is.EqualTo(IPv4Address.Parse("198.18.64.5")), "the running configuration still serves");

        // Mended: the next SIGHUP applies it.
        await File.WriteAllTextAsync(conf, Config);
        await dhcpd.SignalAsync("HUP");
        Assert.That(await ReceiveAsync(systemd), Does.StartWith("RELOADING=1"));
        Assert.That(await ReceiveAsync(systemd), Does.StartWith("READY=1").And.Contain("serving the reloaded dhcpd.conf"));
        Assert.That(await dhcpd.WaitForLineAsync("Reloaded ", Timeout), Does.Contain("0 hosts (0 added, 1 removed)"));
        Assert.That(await OfferAsync(relay, ClientIdentifier.FlexBoot(PortGuid.Parse("0002:c903:0000:2003"))), Is.Not.EqualTo(IPv4Address.Parse("198.18.64.5")));
    }

    private static async Task<string> ReceiveAsync(Socket socket)
    {
        var buffer = new byte[4096];
        using var cancel = new CancellationTokenSource(Timeout);
        int n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    private static async Task<IPv4Address> OfferAsync(DhcpTestClient relay, ClientIdentifier id)
    {
        var discover = new DhcpPacket(DhcpMessageType.Discover, (uint)TestContext.CurrentContext.Random.Next(), id) { GatewayAddress = Giaddr, Hops = 1 };
        var offer = await relay.ExchangeAsync(discover, default);
        IPoIBReplyAssert.Framing(offer, discover, DhcpMessageType.Offer);
        return offer!.YourAddress;
    }

    private static async Task<IPv4Address> BindAsync(DhcpTestClient relay, ClientIdentifier id)
    {
        var address = await OfferAsync(relay, id);
        var request = new DhcpPacket(DhcpMessageType.Request, (uint)TestContext.CurrentContext.Random.Next(), id)
        {
            GatewayAddress = Giaddr,
            Hops = 1,
            RequestedAddress = address,
            ServerIdentifier = ServerId,
        };
        var ack = await relay.ExchangeAsync(request, default);
        IPoIBReplyAssert.Framing(ack, request, DhcpMessageType.Ack);
        return address;
    }

    /// <summary>INIT-REBOOT: the client asks for the address it had, without a server identifier.</summary>
    private static async Task<DhcpMessageType> RebootAsync(DhcpTestClient relay, ClientIdentifier id, IPv4Address address)
    {
        var request = new DhcpPacket(DhcpMessageType.Request, (uint)TestContext.CurrentContext.Random.Next(), id)
        {
            GatewayAddress = Giaddr,
            Hops = 1,
            RequestedAddress = address,
        };
        var reply = await relay.ExchangeAsync(request, default);
        return reply?.Message.MessageType ?? DhcpMessageType.None;
    }
}
