using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Engine.PacketSocket;
using IPoIBDhcp.Tests.Support;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Ip;

namespace IPoIBDhcp.Tests.Engine.PacketSocket;

/// <summary>
/// Two packet ports on the ends of a veth pair in two fresh namespaces: a "server" on 198.18.0.1, port 67,
/// and a "client" without an address, port 68, as at the start of a DHCP exchange.
/// </summary>
[TestFixture]
[NonParallelizable]
public class PacketSocketPortTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private static readonly IPv4Address ServerAddress = IPv4Address.Parse("198.18.0.1");
    private static readonly IPv4Address OfferedAddress = IPv4Address.Parse("198.18.0.100");

    private VethPair pair = null!;
    private PacketSocketPort server = null!;
    private PacketSocketPort client = null!;

    [SetUp]
    public async Task SetUp()
    {
        Prerequisites.RequireNetworkNamespaces();
        pair = await VethPair.CreateAsync("198.18.0.1/24", null);
        var engine = new PacketSocketEngine();
        server = await pair.Left.RunAsync(() => engine.Open(pair.LeftInterface, 67));
        client = await pair.Right.RunAsync(() => engine.Open(pair.RightInterface, 68));
    }

    [TearDown]
    public async Task TearDown()
    {
        if (client is not null) await client.DisposeAsync();
        if (server is not null) await server.DisposeAsync();
        if (pair is not null) await pair.DisposeAsync();
    }

    [Test]
    public async Task Link_facts_come_from_the_interface_in_the_ports_namespace()
    {
        string mac = (await pair.Right.RunAsync(() => File.ReadAllText("/sys/class/net/veth1/address"))).Trim();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(client.Name, Is.EqualTo("veth1"));
            Assert.That(client.LinkType, Is.EqualTo(LinkType.Ethernet));
            Assert.That(client.LinkAddress.Length, Is.EqualTo(6));
            Assert.That(client.LinkAddress.ToString(), Is.EqualTo(mac));
            Assert.That(client.BroadcastAddress.ToString(), Is.EqualTo("ff:ff:ff:ff:ff:ff"));
            Assert.That(client.PKey, Is.Null);
            Assert.That(client.Mtu, Is.EqualTo(1500));
            Assert.That(client.HasCarrier, Is.True);
            Assert.That(client.LocalAddress, Is.Null);
            Assert.That(server.LocalAddress, Is.EqualTo(ServerAddress));
            Assert.That(server.Capabilities, Is.EqualTo(
                PortCapabilities.LinkBroadcast | PortCapabilities.LinkUnicast | PortCapabilities.ReportsLinkSource
                | PortCapabilities.ReceivesUnconfigured | PortCapabilities.SoftwareChecksums));
        }
    }

    [Test]
    public async Task Carrier_follows_the_link_state()
    {
        await pair.Left.IpAsync("link", "set", pair.LeftInterface, "down");
        Assert.That(server.HasCarrier, Is.False, "own end down");

        // The peer's operational state (IFF_RUNNING) follows through the kernel's link watch, which may lag.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (client.HasCarrier && clock.Elapsed < Patience)
        {
            await Task.Delay(20);
        }

        Assert.That(client.HasCarrier, Is.False, "peer down: veth drops carrier");
        await pair.Left.IpAsync("link", "set", pair.LeftInterface, "up");
        clock.Restart();
        while (!(client.HasCarrier && server.HasCarrier) && clock.Elapsed < Patience)
        {
            await Task.Delay(20);
        }

        Assert.That(client.HasCarrier && server.HasCarrier, Is.True, "both up again");
    }

    [Test]
    public async Task A_send_on_a_downed_interface_is_counted_as_no_carrier()
    {
        await pair.Right.IpAsync("link", "set", pair.RightInterface, "down");
        await client.SendAsync(Payload(10, 20), new(IPv4Address.Any, 68, IPv4Address.Broadcast, 67), LinkTarget.Broadcast, Timeout());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(client.Counters.DropNoCarrier, Is.EqualTo(1));
            Assert.That(client.Counters.TxPackets, Is.Zero);
        }
    }

    [Test]
    public async Task A_pending_receive_survives_the_link_going_down_and_up()
    {
        Task<ReceivedDatagram> pending = server.ReceiveAsync(new byte[1500], Timeout(TimeSpan.FromSeconds(15))).AsTask();
        await Task.Delay(100);
        await pair.Left.IpAsync("link", "set", pair.LeftInterface, "down");
        await Task.Delay(100);
        Assert.That(pending.IsCompleted, Is.False, pending.Exception?.ToString());
        await pair.Left.IpAsync("link", "set", pair.LeftInterface, "up");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!(client.HasCarrier && server.HasCarrier) && clock.Elapsed < Patience)
        {
            await Task.Delay(20);
        }

        await client.SendAsync(Payload(30, 21), new(IPv4Address.Any, 68, IPv4Address.Broadcast, 67), LinkTarget.Broadcast, Timeout());
        ReceivedDatagram received = await pending;
        Assert.That(received.Length, Is.EqualTo(30));
    }

    [Test]
    public async Task Broadcast_from_a_client_without_address_reaches_the_server_with_its_link_source()
    {
        byte[] payload = Payload(300, seed: 1);
        var endpoints = new DatagramEndpoints(IPv4Address.Any, 68, IPv4Address.Broadcast, 67);
        await client.SendAsync(payload, endpoints, LinkTarget.Broadcast, Timeout());

        byte[] buffer = new byte[1500];
        ReceivedDatagram received = await server.ReceiveAsync(buffer, Timeout());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(received.Endpoints, Is.EqualTo(endpoints));
            Assert.That(buffer.AsSpan(0, received.Length).ToArray(), Is.EqualTo(payload));
            Assert.That(received.LinkSource, Is.EqualTo(client.LinkAddress));
            Assert.That(received.LinkSource.Length, Is.EqualTo(6));
            Assert.That(received.WasLinkBroadcast, Is.True);
            Assert.That(received.Checksum, Is.EqualTo(ChecksumStatus.VerifiedBySoftware));
            Assert.That(received.PKey, Is.Null);
            Assert.That(client.Counters.TxPackets, Is.EqualTo(1));
            Assert.That(client.Counters.TxBytes, Is.EqualTo(300));
            Assert.That(server.Counters.RxPackets, Is.EqualTo(1));
            Assert.That(server.Counters.RxBytes, Is.EqualTo(300));
        }
    }

    [Test]
    public async Task Unicast_to_a_link_address_reaches_the_client()
    {
        byte[] payload = Payload(548, seed: 2);
        var endpoints = new DatagramEndpoints(ServerAddress, 67, OfferedAddress, 68);
        await server.SendAsync(payload, endpoints, LinkTarget.To(client.LinkAddress), Timeout());

        byte[] buffer = new byte[1500];
        ReceivedDatagram received = await client.ReceiveAsync(buffer, Timeout());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(received.Endpoints, Is.EqualTo(endpoints));
            Assert.That(buffer.AsSpan(0, received.Length).ToArray(), Is.EqualTo(payload));
            Assert.That(received.LinkSource, Is.EqualTo(server.LinkAddress));
            Assert.That(received.WasLinkBroadcast, Is.False);
        }
    }

    [Test]
    public async Task The_sender_does_not_receive_its_own_broadcast()
    {
        // A client port and a server port on the same link: a broadcast to 67 from a port that also listens
        // on 67 must not loop back (PACKET_OUTGOING is dropped in the kernel filter).
        await using PacketSocketPort second = await pair.Left.RunAsync(() => new PacketSocketEngine().Open(pair.LeftInterface, 68));
        await second.SendAsync(Payload(10, 3), new(ServerAddress, 67, IPv4Address.Broadcast, 68), LinkTarget.Broadcast, Timeout());
        ReceivedDatagram atClient = await client.ReceiveAsync(new byte[1500], Timeout());
        Assert.That(atClient.Length, Is.EqualTo(10));
        Assert.That(async () => await second.ReceiveAsync(new byte[1500], Timeout(TimeSpan.FromMilliseconds(300))),
            Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task A_bad_udp_checksum_is_dropped_and_counted()
    {
        using RawInjector injector = await pair.Right.RunAsync(() => RawInjector.Open(pair.RightInterface));
        byte[] bad = Packet(Payload(300, 4), new(0, 68, uint.MaxValue, 67));
        bad[IPv4Header.MinimumLength + 6] ^= 0x5a; // UDP checksum
        injector.Broadcast(bad);
        byte[] good = Packet(Payload(301, 5), new(0, 68, uint.MaxValue, 67));
        injector.Broadcast(good);

        ReceivedDatagram received = await server.ReceiveAsync(new byte[1500], Timeout());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(received.Length, Is.EqualTo(301), "the good datagram after the bad one");
            Assert.That(server.Counters.DropChecksum, Is.EqualTo(1));
            Assert.That(server.Counters.RxPackets, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task A_bad_ip_header_checksum_is_dropped_and_counted()
    {
        using RawInjector injector = await pair.Right.RunAsync(() => RawInjector.Open(pair.RightInterface));
        byte[] bad = Packet(Payload(300, 6), new(0, 68, uint.MaxValue, 67));
        bad[8] = 1; // TTL changed without fixing the header checksum
        injector.Broadcast(bad);
        injector.Broadcast(Packet(Payload(302, 7), new(0, 68, uint.MaxValue, 67)));

        ReceivedDatagram received = await server.ReceiveAsync(new byte[1500], Timeout());
        Assert.That(received.Length, Is.EqualTo(302));
        Assert.That(server.Counters.DropChecksum, Is.EqualTo(1));
    }

    [Test]
    public async Task A_malformed_datagram_is_dropped_and_counted_never_thrown()
    {
        using RawInjector injector = await pair.Right.RunAsync(() => RawInjector.Open(pair.RightInterface));
        byte[] bad = Packet(Payload(300, 8), new(0, 68, uint.MaxValue, 67));
        BinaryPrimitives.WriteUInt16BigEndian(bad.AsSpan(IPv4Header.MinimumLength + 4), 400); // UDP length past the IP payload
        injector.Broadcast(bad);
        injector.Broadcast(Packet(Payload(303, 9), new(0, 68, uint.MaxValue, 67)));

        ReceivedDatagram received = await server.ReceiveAsync(new byte[1500], Timeout());
        Assert.That(received.Length, Is.EqualTo(303));
        Assert.That(server.Counters.DropMalformed, Is.EqualTo(1));
    }

    [Test]
    public async Task The_kernel_filter_keeps_other_ports_out_of_the_socket()
    {
        await using PacketSocketPort probe = await pair.Left.RunAsync(() => new PacketSocketEngine().Open(pair.LeftInterface, 9999));
        await client.SendAsync(Payload(40, 10), new(IPv4Address.Any, 68, IPv4Address.Broadcast, 9999), LinkTarget.Broadcast, Timeout());
        await client.SendAsync(Payload(41, 11), new(IPv4Address.Any, 68, IPv4Address.Broadcast, 67), LinkTarget.Broadcast, Timeout());

        ReceivedDatagram atProbe = await probe.ReceiveAsync(new byte[1500], Timeout());
        ReceivedDatagram atServer = await server.ReceiveAsync(new byte[1500], Timeout());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(atProbe.Endpoints.DestinationPort, Is.EqualTo(9999), "the datagram to 9999 was on the wire");
            Assert.That(atServer.Endpoints.DestinationPort, Is.EqualTo(67));
            Assert.That(atServer.Length, Is.EqualTo(41));
            Assert.That(server.Counters.RxPackets, Is.EqualTo(1));
            Assert.That(server.Counters.DropFiltered, Is.Zero, "dropped in the kernel, never seen in user space");
            Assert.That(probe.Counters.RxPackets, Is.EqualTo(1), "the probe did not get the port-67 datagram");
        }
    }

    [Test]
    public async Task Fragments_and_other_protocols_are_kept_out_by_the_kernel_filter()
    {
        using RawInjector injector = await pair.Right.RunAsync(() => RawInjector.Open(pair.RightInterface));
        byte[] firstFragment = Packet(Payload(300, 12), new(0, 68, uint.MaxValue, 67));
        SetFlagsAndFragmentOffset(firstFragment, 0x2000); // MF
        injector.Broadcast(firstFragment);
        byte[] notUdp = Packet(Payload(300, 13), new(0, 68, uint.MaxValue, 67));
        notUdp[9] = 6; // TCP
        FixIPChecksum(notUdp);
        injector.Broadcast(notUdp);
        injector.Broadcast(Packet(Payload(304, 14), new(0, 68, uint.MaxValue, 67)));

        ReceivedDatagram received = await server.ReceiveAsync(new byte[1500], Timeout());
        Assert.That(received.Length, Is.EqualTo(304));
        Assert.That(server.Counters.ToString(), Does.Contain("rx_drop_malformed: 0").And.Contain("rx_drop_filtered: 0"));
    }

    [Test]
    public async Task IP_options_do_not_hide_the_udp_port_from_the_filter()
    {
        // IHL 6 (a 4-byte NOP/NOP/NOP/EOL option) moves the UDP header: the filter reads its offset from IHL.
        using RawInjector injector = await pair.Right.RunAsync(() => RawInjector.Open(pair.RightInterface));
        byte[] plain = Packet(Payload(200, 15), new(0, 68, uint.MaxValue, 67));
        byte[] withOptions = new byte[plain.Length + 4];
        plain.AsSpan(0, 20).CopyTo(withOptions);
        withOptions[0] = 0x46;
        withOptions[20] = 1; withOptions[21] = 1; withOptions[22] = 1; withOptions[23] = 0;
        plain.AsSpan(20).CopyTo(withOptions.AsSpan(24));
        BinaryPrimitives.WriteUInt16BigEndian(withOptions.AsSpan(2), (ushort)withOptions.Length);
        FixIPChecksum(withOptions);
        injector.Broadcast(withOptions);

        byte[] buffer = new byte[1500];
        ReceivedDatagram received = await server.ReceiveAsync(buffer, Timeout());
        Assert.That(buffer.AsSpan(0, received.Length).ToArray(), Is.EqualTo(Payload(200, 15)));
    }

    [Test]
    public async Task A_datagram_from_the_kernel_udp_stack_has_its_checksum_trusted_from_auxdata()
    {
        // veth offloads checksums: the kernel's UDP leaves CHECKSUM_PARTIAL (only the pseudo-header sum in
        // the field), which the receiver sees as TP_STATUS_CSUMNOTREADY. Verifying it in software would drop it.
        await pair.Right.IpAsync("addr", "add", "198.18.0.2/24", "dev", pair.RightInterface);
        using Socket udp = await pair.Right.RunAsync(() =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Parse("198.18.0.2"), 68));
            return socket;
        });
        byte[] payload = Payload(300, 16);
        await udp.SendToAsync(payload, new IPEndPoint(IPAddress.Parse("198.18.0.1"), 67), Timeout());

        byte[] buffer = new byte[1500];
        ReceivedDatagram received = await server.ReceiveAsync(buffer, Timeout());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(received.Checksum, Is.EqualTo(ChecksumStatus.VerifiedByHardware));
            Assert.That(received.Endpoints, Is.EqualTo(new DatagramEndpoints(IPv4Address.Parse("198.18.0.2"), 68, ServerAddress, 67)));
            Assert.That(buffer.AsSpan(0, received.Length).ToArray(), Is.EqualTo(payload));
            Assert.That(received.WasLinkBroadcast, Is.False);
        }
    }

    [Test]
    public async Task A_datagram_over_the_mtu_is_dropped_and_counted_not_sent()
    {
        await client.SendAsync(new byte[1500 - 28 + 1], new(IPv4Address.Any, 68, IPv4Address.Broadcast, 67), LinkTarget.Broadcast, Timeout());
        await client.SendAsync(new byte[1500 - 28], new(IPv4Address.Any, 68, IPv4Address.Broadcast, 67), LinkTarget.Broadcast, Timeout());
        ReceivedDatagram received = await server.ReceiveAsync(new byte[2000], Timeout());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(received.Length, Is.EqualTo(1472), "the largest datagram that fits still goes");
            Assert.That(client.Counters.DropMtu, Is.EqualTo(1));
            Assert.That(client.Counters.TxPackets, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task A_payload_larger_than_the_callers_buffer_is_dropped_and_counted()
    {
        await client.SendAsync(new byte[600], new(IPv4Address.Any, 68, IPv4Address.Broadcast, 67), LinkTarget.Broadcast, Timeout());
        await client.SendAsync(new byte[500], new(IPv4Address.Any, 68, IPv4Address.Broadcast, 67), LinkTarget.Broadcast, Timeout());
        ReceivedDatagram received = await server.ReceiveAsync(new byte[576], Timeout());
        Assert.That(received.Length, Is.EqualTo(500));
        Assert.That(server.Counters.DropMtu, Is.EqualTo(1));
    }

    [Test]
    public async Task Receiving_queued_datagrams_allocates_nothing()
    {
        const int count = 50; // well inside the default socket receive buffer
        byte[] payload = Payload(300, 22);
        var endpoints = new DatagramEndpoints(IPv4Address.Any, 68, IPv4Address.Broadcast, 67);
        for (int i = 0; i < count + 1; i++)
        {
            await client.SendAsync(payload, endpoints, LinkTarget.Broadcast, Timeout());
        }

        byte[] buffer = new byte[1500];
        CancellationToken token = Timeout();
        await server.ReceiveAsync(buffer, token); // warm up: JIT, first wait
        await Task.Delay(200);                     // let the rest reach the socket queue
        long before = GC.GetAllocatedBytesForCurrentThread();
        int completedSynchronously = 0;
        for (int i = 0; i < count; i++)
        {
            ValueTask<ReceivedDatagram> pending = server.ReceiveAsync(buffer, token);
            if (pending.IsCompletedSuccessfully) completedSynchronously++;
            _ = pending.Result;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(completedSynchronously, Is.EqualTo(count), "all were queued");
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void Routed_sends_and_wrong_length_link_addresses_are_refused()
    {
        var endpoints = new DatagramEndpoints(ServerAddress, 67, OfferedAddress, 68);
        Assert.That(async () => await server.SendAsync(new byte[10], endpoints, LinkTarget.Routed, Timeout()), Throws.InstanceOf<NotSupportedException>());
        var ipoib = new LinkAddress(new byte[20]);
        Assert.That(async () => await server.SendAsync(new byte[10], endpoints, LinkTarget.To(ipoib), Timeout()), Throws.ArgumentException);
    }

    [Test]
    public void A_pending_receive_ends_on_cancellation()
    {
        Assert.That(async () => await server.ReceiveAsync(new byte[1500], Timeout(TimeSpan.FromMilliseconds(200))),
            Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task A_pending_receive_ends_when_the_port_is_disposed()
    {
        Task<ReceivedDatagram> pending = server.ReceiveAsync(new byte[1500], Timeout()).AsTask();
        await Task.Delay(100);
        await server.DisposeAsync();
        Assert.That(async () => await pending, Throws.InstanceOf<ObjectDisposedException>());
        Assert.That(async () => await server.ReceiveAsync(new byte[1500], Timeout()), Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public async Task Receiving_resumes_after_a_cancelled_wait()
    {
        Assert.That(async () => await server.ReceiveAsync(new byte[1500], Timeout(TimeSpan.FromMilliseconds(100))),
            Throws.InstanceOf<OperationCanceledException>());
        await client.SendAsync(Payload(20, 17), new(IPv4Address.Any, 68, IPv4Address.Broadcast, 67), LinkTarget.Broadcast, Timeout());
        ReceivedDatagram received = await server.ReceiveAsync(new byte[1500], Timeout());
        Assert.That(received.Length, Is.EqualTo(20));
    }

    [Test]
    public async Task The_engine_interface_opens_a_port_inside_the_namespace()
    {
        IDatagramEngine engine = new PacketSocketEngine();
        await using IDatagramPort port = await pair.Left.RunAsync(() => engine.OpenAsync(pair.LeftInterface, 1067, CancellationToken.None));
        await client.SendAsync(Payload(12, 23), new(IPv4Address.Any, 68, IPv4Address.Broadcast, 1067), LinkTarget.Broadcast, Timeout());
        ReceivedDatagram received = await port.ReceiveAsync(new byte[1500], Timeout());
        Assert.That(received.Endpoints.DestinationPort, Is.EqualTo(1067));
        Assert.That(port.ToString(), Is.EqualTo("packet:veth0:1067"));
    }

    [Test]
    public async Task Opening_an_interface_that_is_not_in_the_namespace_fails_clearly()
    {
        var engine = new PacketSocketEngine();
        Assert.That(async () => await pair.Left.RunAsync(() => engine.OpenAsync("veth1", 67, CancellationToken.None)),
            Throws.ArgumentException.With.Message.Contains("veth1"));
        await Task.CompletedTask;
    }

    private static CancellationToken Timeout(TimeSpan? after = null) => new CancellationTokenSource(after ?? Patience).Token;

    private static byte[] Payload(int length, int seed)
    {
        byte[] bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Packet(byte[] payload, IPv4UdpEndpoints endpoints)
    {
        byte[] packet = new byte[IPv4UdpCodec.HeadersLength + payload.Length];
        IPv4UdpCodec.Write(packet, endpoints, payload);
        return packet;
    }

    private static void SetFlagsAndFragmentOffset(byte[] packet, ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), value);
        FixIPChecksum(packet);
    }

    private static void FixIPChecksum(byte[] packet)
    {
        int headerLength = (packet[0] & 0xf) * 4;
        packet[10] = 0;
        packet[11] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), InternetChecksum.Compute(packet.AsSpan(0, headerLength)));
    }
}
