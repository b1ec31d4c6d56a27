using IPoIBDhcp.Engine;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;
using static IPoIBDhcp.Tests.Dhcpd.ServerHarness;

namespace IPoIBDhcp.Tests.Dhcpd.Hosting;

/// <summary>
/// What the host decides first when requests queue up faster than it decides them (a boot storm): the REQUEST that
/// finishes a transaction before new DISCOVERs, DISCOVERs newest first, a retransmission answered once, and the oldest
/// DISCOVER dropped (and counted) when the backlog is full. The requests are queued before the host starts, as a
/// socket's queue holds them while the server is busy.
/// </summary>
public class ServerHostBacklogTests
{
    private const PortCapabilities PacketSocket =
        PortCapabilities.LinkBroadcast | PortCapabilities.LinkUnicast | PortCapabilities.ReportsLinkSource | PortCapabilities.ReceivesUnconfigured;

    private static readonly IPv4Address Server = A("198.18.0.1");
    private static readonly LinkAddress Mac = new([0x02, 0, 0, 0, 0, 0x01]);
    private static readonly DatagramEndpoints Broadcast = new(IPv4Address.Any, 68, IPv4Address.Broadcast, 67);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static ClientIdentifier Node(ushort n) => ClientIdentifier.FlexBoot(new PortGuid(0x0002_c903_0000_5000UL | n));

    [Test]
    public async Task Behind_TheRequestGoesFirst_DiscoversNewestFirst_AndARetransmissionIsAnsweredOnce()
    {
        var port = new ScriptedServerPort("ib0", PacketSocket, Server, Mac);
        port.Deliver(Build(DhcpMessageType.Discover, Node(1), xid: 1), Broadcast, Mac);
        port.Deliver(Build(DhcpMessageType.Discover, Node(2), xid: 2), Broadcast, Mac);
        port.Deliver(Build(DhcpMessageType.Discover, Node(3), xid: 3), Broadcast, Mac);
        port.Deliver(Build(DhcpMessageType.Discover, Node(2), xid: 2), Broadcast, Mac); // node2 retransmits
        // INIT-REBOOT for an address of another network: the authoritative server NAKs it.
        port.Deliver(Build(DhcpMessageType.Request, Node(4), xid: 4, requested: "198.18.40.5"), Broadcast, Mac);

        await using var rig = ServerHostRig.Start(port, fallback: null);
        var replies = new List<(uint Xid, DhcpMessageType Type)>();
        for (int i = 0; i < 4; i++)
        {
            var (payload, _, _) = await port.Sent.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
            var reply = new DhcpMessage();
            reply.Read(payload);
            replies.Add((reply.TransactionId, reply.MessageType));
        }
        await Task.Delay(100);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(replies, Is.EqualTo(new[]
            {
                (4u, DhcpMessageType.Nak),
                (2u, DhcpMessageType.Offer),
                (3u, DhcpMessageType.Offer),
                (1u, DhcpMessageType.Offer),
            }), "the REQUEST first, then DISCOVERs newest first, node2's retransmission the newest");
            Assert.That(port.Sent.Reader.Count, Is.Zero, "node2 got one OFFER");
            Assert.That(rig.Host.HandledCount, Is.EqualTo(4));
            Assert.That(rig.Host.Intake.Superseded, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task AQueueFoundEmpty_IsNotReadAgainBeforeEachDecisionOfTheBacklog()
    {
        var port = new ScriptedServerPort("ib0", PacketSocket, Server, Mac);
        for (ushort n = 1; n <= 4; n++) port.Deliver(Build(DhcpMessageType.Discover, Node(n), xid: n), Broadcast, Mac);

        await using var rig = ServerHostRig.Start(port, fallback: null);
        for (int i = 0; i < 4; i++) await port.Sent.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        await Task.Delay(100);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rig.Host.HandledCount, Is.EqualTo(4));
            // The first read behind the queue empties it; the three decisions after it read nothing more (one empty
            // read each, before: a system call per decision on a socket).
            Assert.That(port.EmptyReads, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task AFullBacklog_DropsTheOldestDiscover_AndCountsIt()
    {
        var port = new ScriptedServerPort("ib0", PacketSocket, Server, Mac);
        for (ushort n = 1; n <= 5; n++) port.Deliver(Build(DhcpMessageType.Discover, Node(n), xid: n), Broadcast, Mac);

        await using var rig = ServerHostRig.Start(port, fallback: null, backlogCapacity: 2);
        var xids = new List<uint>();
        for (int i = 0; i < 2; i++)
        {
            var (payload, _, _) = await port.Sent.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
            var reply = new DhcpMessage();
            reply.Read(payload);
            xids.Add(reply.TransactionId);
        }
        await Task.Delay(100);
        using (Assert.EnterMultipleScope())
        {
            // A backlog of 2: nodes 1, 2 and 3 made room for 4 and 5, which are answered newest first.
            Assert.That(xids, Is.EqualTo(new uint[] { 5, 4 }));
            Assert.That(port.Sent.Reader.Count, Is.Zero);
            Assert.That(rig.Host.Intake.DiscoversShed, Is.EqualTo(3));
            Assert.That(rig.Host.Intake.OthersShed, Is.Zero);
        }
    }
}
