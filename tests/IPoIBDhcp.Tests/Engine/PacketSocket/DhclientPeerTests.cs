using System.Diagnostics;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Engine.PacketSocket;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Tests.Support;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Tests.Engine.PacketSocket;

/// <summary>
/// A real peer on the other end of the veth: ISC dhclient (its own LPF packet-socket code) gets a lease from a
/// hand-written DORA over our packet port, proving that what we send and receive is what a stock client
/// expects on the wire.
/// </summary>
[TestFixture]
[NonParallelizable]
public class DhclientPeerTests
{
    private const string Dhclient = "/usr/sbin/dhclient";
    private static readonly IPv4Address ServerAddress = IPv4Address.Parse("198.18.0.1");
    private static readonly IPv4Address OfferedAddress = IPv4Address.Parse("198.18.0.100");

    // RFC 4361 form NVIDIA FlexBoot sends: type 0xff, IAID 0, DUID-EN (2) with enterprise 0x000002c9, then the GUID.
    private static readonly byte[] ClientId = Convert.FromHexString("ff00000000000200000002c9000002c903000010" + "39");

    private VethPair? pair;
    private PacketSocketPort? server;
    private string? directory;

    [SetUp]
    public async Task SetUp()
    {
        Prerequisites.RequireNetworkNamespaces();
        Prerequisites.RequireExecutable(Dhclient, "isc-dhcp-client");
        directory = Directory.CreateTempSubdirectory("dhclient-peer-").FullName;
        pair = await VethPair.CreateAsync("198.18.0.1/24", null);
        server = await pair.Left.RunAsync(() => new PacketSocketEngine().Open(pair.LeftInterface, 67));
    }

    [TearDown]
    public async Task TearDown()
    {
        if (server is not null) await server.DisposeAsync();
        if (pair is not null) await pair.DisposeAsync();
        if (directory is not null) Directory.Delete(directory, recursive: true);
    }

    [Test]
    public async Task Isc_dhclient_binds_the_address_we_offer_over_the_packet_port()
    {
        string leases = Path.Combine(directory!, "dhclient.leases");
        string config = Path.Combine(directory!, "dhclient.conf");
        await File.WriteAllTextAsync(config,
            $"send dhcp-client-identifier {ColonHex.Format(ClientId)};\n" +
            "request subnet-mask, broadcast-address;\n");
        BackgroundProcess dhclient = pair!.Right.StartProcess(Dhclient,
            "-4", "-d", "-1", "-sf", "/bin/true", "-lf", leases, "-pf", Path.Combine(directory!, "dhclient.pid"), "-cf", config, pair.RightInterface);

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var message = new DhcpMessage();
        byte[] buffer = new byte[1500];
        byte[] clientMac = await pair.Right.RunAsync(() => Convert.FromHexString(File.ReadAllText("/sys/class/net/veth1/address").Trim().Replace(":", "")));

        ReceivedDatagram discover = await ReceiveAsync(DhcpMessageType.Discover, message, buffer, deadline.Token, dhclient);
        uint xid = message.TransactionId;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(discover.Endpoints, Is.EqualTo(new DatagramEndpoints(IPv4Address.Any, 68, IPv4Address.Broadcast, 67)));
            Assert.That(discover.LinkSource.Span.ToArray(), Is.EqualTo(clientMac));
            Assert.That(discover.WasLinkBroadcast, Is.True);
            Assert.That(message.Op, Is.EqualTo(BootpOpCode.BootRequest));
            Assert.That(message.HardwareType, Is.EqualTo(1));
            Assert.That(message.ClientHardwareAddress.ToArray(), Is.EqualTo(clientMac));
            Assert.That(message.ClientIdentifier.ToArray(), Is.EqualTo(ClientId));
        }

        await SendReplyAsync(DhcpMessageType.Offer, message, deadline.Token);

        ReceivedDatagram request = await ReceiveAsync(DhcpMessageType.Request, message, buffer, deadline.Token, dhclient);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(message.TransactionId, Is.EqualTo(xid));
            Assert.That(message.TryGetRequestedAddress(out IPv4Address requested) ? requested : default, Is.EqualTo(OfferedAddress));
            Assert.That(message.TryGetServerIdentifier(out IPv4Address serverId) ? serverId : default, Is.EqualTo(ServerAddress));
            Assert.That(message.ClientIdentifier.ToArray(), Is.EqualTo(ClientId));
            Assert.That(request.Endpoints.Destination, Is.EqualTo(IPv4Address.Broadcast));
        }

        await SendReplyAsync(DhcpMessageType.Ack, message, deadline.Token);

        string lease = await WaitForLeaseAsync(leases, dhclient, deadline.Token);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lease, Does.Contain("fixed-address 198.18.0.100;"));
            Assert.That(lease, Does.Contain("option dhcp-server-identifier 198.18.0.1;"));
            Assert.That(lease, Does.Contain("option subnet-mask 255.255.255.0;"));
            Assert.That(lease, Does.Contain("option dhcp-lease-time 600;"));
            Assert.That(dhclient.HasExited ? dhclient.ExitCode : 0, Is.Zero, dhclient.Output);
            Assert.That(server!.Counters.TxPackets, Is.EqualTo(2));
            Assert.That(server.Counters.DropChecksum + server.Counters.DropMalformed, Is.Zero);
        }
    }

    private async Task<ReceivedDatagram> ReceiveAsync(DhcpMessageType type, DhcpMessage message, byte[] buffer, CancellationToken cancellationToken, BackgroundProcess dhclient)
    {
        try
        {
            while (true)
            {
                ReceivedDatagram received = await server!.ReceiveAsync(buffer, cancellationToken);
                if (message.TryRead(buffer.AsSpan(0, received.Length), out _) && message.MessageType == type)
                {
                    return received;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"no DHCP{type.ToString().ToUpperInvariant()} from dhclient in time; its output:\n{dhclient.Output}");
            throw;
        }
    }

    private async Task SendReplyAsync(DhcpMessageType type, DhcpMessage request, CancellationToken cancellationToken)
    {
        byte[] reply = new byte[576];
        int length = Build(reply, type, request);
        var endpoints = new DatagramEndpoints(ServerAddress, 67, IPv4Address.Broadcast, 68);
        await server!.SendAsync(reply.AsMemory(0, length), endpoints, LinkTarget.Broadcast, cancellationToken);
    }

    private static int Build(Span<byte> buffer, DhcpMessageType type, DhcpMessage request)
    {
        var writer = new DhcpMessageWriter(buffer)
        {
            Op = BootpOpCode.BootReply,
            HardwareType = request.HardwareType,
            TransactionId = request.TransactionId,
            Flags = request.Flags,
            YourAddress = OfferedAddress,
            NextServerAddress = ServerAddress,
        };
        writer.SetClientHardwareAddress(request.ClientHardwareAddress);
        writer.WriteMessageType(type);
        writer.WriteOption(DhcpOptionCode.ServerIdentifier, ServerAddress);
        writer.WriteOption(DhcpOptionCode.LeaseTime, 600u);
        writer.WriteOption(DhcpOptionCode.SubnetMask, IPv4Address.Parse("255.255.255.0"));
        writer.WriteOption(DhcpOptionCode.BroadcastAddress, IPv4Address.Parse("198.18.0.255"));
        writer.WriteOption(DhcpOptionCode.ClientIdentifier, request.ClientIdentifier);
        return writer.Finish();
    }

    private static async Task<string> WaitForLeaseAsync(string path, BackgroundProcess dhclient, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!cancellationToken.IsCancellationRequested)
        {
            if (File.Exists(path))
            {
                string text = await File.ReadAllTextAsync(path, CancellationToken.None);
                if (text.Contains("fixed-address", StringComparison.Ordinal))
                {
                    return text;
                }
            }

            if (dhclient.HasExited && dhclient.ExitCode != 0)
            {
                Assert.Fail($"dhclient exited {dhclient.ExitCode} after {clock.Elapsed}:\n{dhclient.Output}");
            }

            await Task.Delay(50, CancellationToken.None);
        }

        Assert.Fail($"dhclient wrote no lease in time:\n{dhclient.Output}");
        return "";
    }
}
