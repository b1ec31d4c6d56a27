using System.Diagnostics;
using IPoIBDhcp.Engine.Fabric.Config;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Engine.Fabric;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Tests.Engine;

/// <summary>The IPoIB rules the emulated fabric models (docs/fabric.md, shared/notes/ipoib.md).</summary>
public class FabricSemanticsTests
{
    private static CancellationTokenSource Deadline() => new(TimeSpan.FromSeconds(10));

    private static byte[] Bytes(string text) => System.Text.Encoding.ASCII.GetBytes(text);

    [Test]
    public async Task AddressesAreQpnPlusLinkLocalGidFromTheGuid()
    {
        await using var bed = new FabricTestBed();
        FabricPort ib0 = bed.Open("n1", "ib0", 68);
        FabricPort child = bed.Open("n1", "ib0.8002", 68);
        IPoIBHardwareAddress a = ib0.LinkAddress.ToIPoIB();
        Assert.That(a.Gid.ToString(), Is.EqualTo("fe80::2:c903:0:1001"));     // fe80::/64 + GUID 0002:c903:0000:1001
        Assert.That(a.PortGuid, Is.EqualTo(PortGuid.Parse("0002:c903:0000:1001")));
        Assert.That(a.Qpn, Is.EqualTo(ib0.Qpn));
        Assert.That(a.Qpn, Is.InRange(0x100u, 0xFFFFFEu));
        Assert.That(child.Qpn, Is.Not.EqualTo(ib0.Qpn));                       // each (child) interface has its own QP
        Assert.That(bed.Open("n1", "ib0", 67).Qpn, Is.EqualTo(ib0.Qpn));       // a second socket on ib0 shares its address
        Assert.That(ib0.LinkType, Is.EqualTo(LinkType.InfiniBand));
        Assert.That(ib0.PKey, Is.EqualTo(PKey.Default));
        Assert.That(child.PKey, Is.EqualTo(new PKey(0x8002)));
    }

    [Test]
    public async Task QpnsAreSeededNotConstant()
    {
        var seeds = new List<uint>();
        foreach (int seed in new[] { 5, 5, 6 })
        {
            await using var bed = new FabricTestBed(new FabricEngineOptions { Transport = FabricTransport.InProcess, Seed = seed });
            seeds.Add(bed.Open("head", "ib0", 67).Qpn);
        }
        Assert.That(seeds[0], Is.EqualTo(seeds[1]));
        Assert.That(seeds[2], Is.Not.EqualTo(seeds[0]));
    }

    [Test]
    public async Task BroadcastAddressIsThePKeyMgidWithQpnFFFFFF()
    {
        await using var bed = new FabricTestBed();
        using CancellationTokenSource cts = Deadline();
        FabricPort head = bed.Open("head", "ib0.8001", 67, "198.18.16.1");
        FabricPort n1 = bed.Open("n1", "ib0.8001", 68);
        IPoIBHardwareAddress brd = head.BroadcastAddress.ToIPoIB();
        Assert.That(brd.Qpn, Is.EqualTo(0xFFFFFFu));
        Assert.That(brd.Gid.ToString(), Is.EqualTo("ff12:401b:8001::ffff:ffff"));
        Assert.That(head.BroadcastAddress.ToString(), Is.EqualTo("00:ff:ff:ff:ff:12:40:1b:80:01:00:00:00:00:00:00:ff:ff:ff:ff"));
        Assert.That(bed.Open("n2", "ib0", 68).BroadcastAddress.ToIPoIB().Gid.ToString(), Is.EqualTo("ff12:401b:ffff::ffff:ffff"));

        // Unicast to the broadcast address is the broadcast.
        await head.SendAsync(Bytes("offer"), FabricTestBed.BroadcastTo(head, 68), LinkTarget.To(head.BroadcastAddress), cts.Token);
        var buffer = new byte[2044];
        ReceivedDatagram got = await n1.ReceiveAsync(buffer, cts.Token);
        Assert.That(got.WasLinkBroadcast, Is.True);
        Assert.That(got.LinkSource, Is.EqualTo(head.LinkAddress));
        Assert.That(got.PKey, Is.EqualTo(new PKey(0x8001)));
        Assert.That(got.Checksum, Is.EqualTo(ChecksumStatus.VerifiedByHardware));
        Assert.That(got.Endpoints, Is.EqualTo(new DatagramEndpoints(IPv4Address.Parse("198.18.16.1"), 67, IPv4Address.Broadcast, 68)));
    }

    [Test]
    public async Task TransactionFilterPassesOnlyBootRepliesWithItsXid()
    {
        await using var bed = new FabricTestBed();
        using CancellationTokenSource cts = Deadline();
        var (head, filtered, open) = HeadAndTwoNodes(bed);
        filtered.TransactionFilter = 0x1111_1111;
        Assert.That(filtered.TransactionFilter, Is.EqualTo(0x1111_1111u));

        // In order: a request with the xid (op 1), another node's reply, then the one reply the filter passes.
        byte[][] sent = [Bootp(1, 0x1111_1111), Bootp(2, 0x2222_2222), Bootp(2, 0x1111_1111)];
        foreach (byte[] payload in sent)
            await head.SendAsync(payload, FabricTestBed.BroadcastTo(head, 68), LinkTarget.Broadcast, cts.Token);
        Assert.That(await FabricTestBed.ReceiveAsync(filtered, cts.Token), Is.EqualTo(sent[2]));
        foreach (byte[] payload in sent)
            Assert.That(await FabricTestBed.ReceiveAsync(open, cts.Token), Is.EqualTo(payload));    // no filter: all of them

        // Unicast goes through the same filter; clearing it lets everything through again.
        filtered.LocalAddress = IPv4Address.Parse("198.18.0.11");
        await head.SendAsync(Bootp(2, 0x3333_3333), FabricTestBed.To(head, filtered), LinkTarget.Routed, cts.Token);
        filtered.TransactionFilter = null;
        byte[] last = Bootp(2, 0x4444_4444);
        await head.SendAsync(last, FabricTestBed.BroadcastTo(head, 68), LinkTarget.Broadcast, cts.Token);
        Assert.That(await FabricTestBed.ReceiveAsync(filtered, cts.Token), Is.EqualTo(last));
        Assert.That((filtered.Counters.RxPackets, filtered.Counters.DropFiltered), Is.EqualTo((2L, 0L)));    // filtered frames are not counted, as with BPF
    }

    [Test]
    public async Task PortsSharingAnXidBothReceiveTheReplyAndAClosedPortLeavesTheIndex()
    {
        await using var bed = new FabricTestBed();
        using CancellationTokenSource cts = Deadline();
        var (head, first, second) = HeadAndTwoNodes(bed);
        first.TransactionFilter = 7;
        second.TransactionFilter = 7;
        byte[] reply = Bootp(2, 7);
        await head.SendAsync(reply, FabricTestBed.BroadcastTo(head, 68), LinkTarget.Broadcast, cts.Token);
        Assert.That(await FabricTestBed.ReceiveAsync(first, cts.Token), Is.EqualTo(reply));
        Assert.That(await FabricTestBed.ReceiveAsync(second, cts.Token), Is.EqualTo(reply));

        await first.DisposeAsync();
        await head.SendAsync(reply, FabricTestBed.BroadcastTo(head, 68), LinkTarget.Broadcast, cts.Token);
        Assert.That(await FabricTestBed.ReceiveAsync(second, cts.Token), Is.EqualTo(reply));
    }

    /// <summary>The head's server port (198.18.0.1) and two nodes' client ports, all in the default partition.</summary>
    private static (FabricPort Head, FabricPort First, FabricPort Second) HeadAndTwoNodes(FabricTestBed bed) =>
        (bed.Open("head", "ib0", 67, "198.18.0.1"), bed.Open("n1", "ib0", 68), bed.Open("n2", "ib0", 68));

    private static byte[] Bootp(byte op, uint xid)
    {
        var payload = new byte[300];
        payload[0] = op;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(4), xid);
        return payload;
    }

    [Test]
    public async Task MtuComesFromThePartitionAndTheLink()
    {
        await using var bed = new FabricTestBed();
        Assert.That(bed.Open("head", "ib0", 67).Mtu, Is.EqualTo(4092));        // Default mtu=5
        Assert.That(bed.Open("head", "ib0.8001", 67).Mtu, Is.EqualTo(2044));   // storage mtu=4
        Assert.That(bed.Open("head", "ib0.8002", 67).Mtu, Is.EqualTo(4092));   // compute mtu=5
        Assert.That(bed.Open("n3", "ib0", 68).Mtu, Is.EqualTo(2044));          // a 2K link caps a 4K partition
    }

    [Test]
    public async Task DatagramsOverThePartitionMtuAreDroppedOnSend()
    {
        await using var bed = new FabricTestBed();
        using CancellationTokenSource cts = Deadline();
        FabricPort head = bed.Open("head", "ib0.8001", 67);
        FabricPort n1 = bed.Open("n1", "ib0.8001", 68);
        await head.SendAsync(new byte[2044 - 28 + 1], FabricTestBed.BroadcastTo(head, 68), LinkTarget.Broadcast, cts.Token);
        await head.SendAsync(new byte[2044 - 28], FabricTestBed.BroadcastTo(head, 68), LinkTarget.Broadcast, cts.Token);
        Assert.That(head.Counters.DropMtu, Is.EqualTo(1));
        Assert.That((await FabricTestBed.ReceiveAsync(n1, cts.Token)).Length, Is.EqualTo(2016));

        FabricPort headDefault = bed.Open("head", "ib0", 67);
        FabricPort n2 = bed.Open("n2", "ib0", 68);
        await headDefault.SendAsync(new byte[4092 - 28], FabricTestBed.BroadcastTo(headDefault, 68), LinkTarget.Broadcast, cts.Token);
        Assert.That((await FabricTestBed.ReceiveAsync(n2, cts.Token)).Length, Is.EqualTo(4064));
        Assert.That(headDefault.Counters.DropMtu, Is.Zero);
    }

    [Test]
    public async Task PartitionsAreSeparateBroadcastDomains()
    {
        await using var bed = new FabricTestBed();
        using CancellationTokenSource cts = Deadline();
        FabricPort headCompute = bed.Open("head", "ib0.8002", 67);
        FabricPort headDefault = bed.Open("head", "ib0", 67);
        FabricPort n1Compute = bed.Open("n1", "ib0.8002", 68);
        FabricPort n2Default = bed.Open("n2", "ib0", 68);

        await headCompute.SendAsync(Bytes("compute"), FabricTestBed.BroadcastTo(headCompute, 68), LinkTarget.Broadcast, cts.Token);
        await headDefault.SendAsync(Bytes("default"), FabricTestBed.BroadcastTo(headDefault, 68), LinkTarget.Broadcast, cts.Token);
        Assert.That(await FabricTestBed.ReceiveAsync(n1Compute, cts.Token), Is.EqualTo(Bytes("compute")));
        Assert.That(await FabricTestBed.ReceiveAsync(n2Default, cts.Token), Is.EqualTo(Bytes("default")));   // not "compute"

        // A unicast across partitions is a P_Key violation at the receiving HCA.
        await headCompute.SendAsync(Bytes("wrong"), FabricTestBed.To(headCompute, n2Default), LinkTarget.To(n2Default.LinkAddress), cts.Token);
        Assert.That(n2Default.Counters.DropPartition, Is.EqualTo(1));
        Assert.That(n2Default.Counters.RxPackets, Is.EqualTo(1));
    }

    [Test]
    public async Task LimitedMembersReachFullMembersButNotEachOther()
    {
        await using var bed = new FabricTestBed();
        using CancellationTokenSource cts = Deadline();
        FabricPort head = bed.Open("head", "ib0.8001", 67);
        FabricPort n1 = bed.Open("n1", "ib0.8001", 68);
        FabricPort n2 = bed.Open("n2", "ib0.8001", 68);
        FabricPort n2Server = bed.Open("n2", "ib0.8001", 67);
        Assert.That((head.Membership, n1.Membership, n2.Membership), Is.EqualTo((PartitionMembership.Full, PartitionMembership.Limited, PartitionMembership.Limited)));

        // limited → limited: blocked (unicast and broadcast), counted at the receiver.
        await n1.SendAsync(Bytes("hello n2"), FabricTestBed.To(n1, n2), LinkTarget.To(n2.LinkAddress), cts.Token);
        await n1.SendAsync(Bytes("discover"), FabricTestBed.BroadcastTo(n1, 67), LinkTarget.Broadcast, cts.Token);
        Assert.That(n2.Counters.DropPartition, Is.EqualTo(1));
        Assert.That(n2Server.Counters.DropPartition, Is.EqualTo(1));

        // limited → full and full → limited: fine.
        Assert.That(await FabricTestBed.ReceiveAsync(head, cts.Token), Is.EqualTo(Bytes("discover")));
        await head.SendAsync(Bytes("offer"), FabricTestBed.To(head, n1), LinkTarget.To(n1.LinkAddress), cts.Token);
        Assert.That(await FabricTestBed.ReceiveAsync(n1, cts.Token), Is.EqualTo(Bytes("offer")));
        await head.SendAsync(Bytes("to all"), FabricTestBed.BroadcastTo(head, 68), LinkTarget.Broadcast, cts.Token);
        Assert.That(await FabricTestBed.ReceiveAsync(n2, cts.Token), Is.EqualTo(Bytes("to all")));   // the n1 unicast never arrived
        Assert.That(n2.Counters.RxPackets, Is.EqualTo(1));
    }

    [Test]
    public async Task AChildInterfaceGetsCarrierWhenThePartitionsFileGivesItThePKey()
    {
        await using var bed = new FabricTestBed();
        using CancellationTokenSource cts = Deadline();
        FabricPort head = bed.Open("head", "ib0.8002", 67);
        FabricPort n3 = bed.Open("n3", "ib0.8002", 68);
        Assert.That(n3.HasCarrier, Is.False);
        Assert.That(n3.Membership, Is.EqualTo(PartitionMembership.None));
        await n3.SendAsync(Bytes("too early"), FabricTestBed.BroadcastTo(n3, 67), LinkTarget.Broadcast, cts.Token);
        Assert.That(n3.Counters.DropNoCarrier, Is.EqualTo(1));

        // The admin adds n3 to compute; nothing is restarted.
        int changes = 0;
        bed.Engine.PartitionsChanged += _ => Interlocked.Increment(ref changes);
        File.WriteAllText(bed.PartitionsPath, FabricTestBed.Partitions.Replace("0x0002c90300001001=full;", "0x0002c90300001001=full, 0x0002c90300001003=full;", StringComparison.Ordinal));
        await WaitUntilAsync(() => n3.HasCarrier, cts.Token);
        Assert.That(changes, Is.GreaterThanOrEqualTo(1));
        Assert.That(n3.Mtu, Is.EqualTo(2044));   // compute is 4K, n3's link 2K

        await n3.SendAsync(Bytes("discover"), FabricTestBed.BroadcastTo(n3, 67), LinkTarget.Broadcast, cts.Token);
        Assert.That(await FabricTestBed.ReceiveAsync(head, cts.Token), Is.EqualTo(Bytes("discover")));

        // And removing it again takes the carrier away.
        File.WriteAllText(bed.PartitionsPath, FabricTestBed.Partitions);
        await WaitUntilAsync(() => !n3.HasCarrier, cts.Token);
        Assert.That(n3.Counters.DropNoCarrier, Is.EqualTo(1));
    }

    /// <summary>Polls a condition every 10 ms until it holds; the token (10 s) bounds the wait.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken token)
    {
        while (!condition())
            await Task.Delay(10, token);
    }

    [Test]
    public async Task ABrokenEditKeepsThePreviousPartitionsAndSaysWhere()
    {
        await using var bed = new FabricTestBed(new FabricEngineOptions { Transport = FabricTransport.InProcess, PartitionsPollInterval = TimeSpan.Zero });
        FabricPort n1 = bed.Open("n1", "ib0.8002", 68);
        File.WriteAllText(bed.PartitionsPath, "Default=0x7fff : ALL=full;\ncompute=0x8002 : SELF=full;\n");
        Assert.That(bed.Engine.ReloadPartitions(), Is.False);
        Assert.That(bed.Engine.PartitionsError, Does.EndWith("partitions.conf:2:18: SELF (the subnet manager's own port) is not supported by the emulated fabric: list the port GUID instead"));
        Assert.That(n1.HasCarrier, Is.True);
        File.WriteAllText(bed.PartitionsPath, "Default=0x7fff : ALL=full;\n");
        Assert.That(bed.Engine.ReloadPartitions(), Is.True);
        Assert.That(bed.Engine.PartitionsError, Is.Null);
        Assert.That(n1.HasCarrier, Is.False);
    }

    [Test]
    public async Task WithoutADefaultRuleEveryoneIsALimitedMemberOfDefault()
    {
        await using var bed = new FabricTestBed(partitions: "compute=0x8002 : ALL=full;");
        using CancellationTokenSource cts = Deadline();
        FabricPort head = bed.Open("head", "ib0", 67);
        FabricPort n1 = bed.Open("n1", "ib0", 68);
        Assert.That(n1.Membership, Is.EqualTo(PartitionMembership.Limited));
        await head.SendAsync(Bytes("x"), FabricTestBed.To(head, n1), LinkTarget.To(n1.LinkAddress), cts.Token);
        Assert.That(n1.Counters.DropPartition, Is.EqualTo(1));
    }

    [Test]
    public async Task RoutedSendsFindTheOwnerOfTheAddressLikeArp()
    {
        await using var bed = new FabricTestBed();
        using CancellationTokenSource cts = Deadline();
        FabricPort head = bed.Open("head", "ib0", 67, "198.18.0.1");
        FabricPort n1 = bed.Open("n1", "ib0", 68, "198.18.0.21");
        FabricPort n2 = bed.Open("n2", "ib0", 68, "198.18.0.22");
        await head.SendAsync(Bytes("ack"), FabricTestBed.To(head, n2), LinkTarget.Routed, cts.Token);
        await head.SendAsync(Bytes("nobody"), new DatagramEndpoints(head.LocalAddress!.Value, 67, IPv4Address.Parse("198.18.0.99"), 68), LinkTarget.Routed, cts.Token);
        await head.SendAsync(Bytes("all"), FabricTestBed.BroadcastTo(head, 68), LinkTarget.Routed, cts.Token);
        Assert.That(await FabricTestBed.ReceiveAsync(n2, cts.Token), Is.EqualTo(Bytes("ack")));
        Assert.That(await FabricTestBed.ReceiveAsync(n1, cts.Token), Is.EqualTo(Bytes("all")));
    }

    [Test]
    public async Task DatagramsReachOnlyPortsBoundToTheirUdpPort()
    {
        await using var bed = new FabricTestBed();
        using CancellationTokenSource cts = Deadline();
        FabricPort server = bed.Open("head", "ib0", 67);
        FabricPort client = bed.Open("n1", "ib0", 68);
        FabricPort otherServer = bed.Open("n2", "ib0", 67);
        await client.SendAsync(Bytes("discover"), FabricTestBed.BroadcastTo(client, 67), LinkTarget.Broadcast, cts.Token);
        await server.SendAsync(Bytes("offer"), FabricTestBed.BroadcastTo(server, 68), LinkTarget.Broadcast, cts.Token);
        Assert.That(await FabricTestBed.ReceiveAsync(otherServer, cts.Token), Is.EqualTo(Bytes("discover")));
        Assert.That(await FabricTestBed.ReceiveAsync(server, cts.Token), Is.EqualTo(Bytes("discover")));
        Assert.That(await FabricTestBed.ReceiveAsync(client, cts.Token), Is.EqualTo(Bytes("offer")));   // not its own discover
        Assert.That(client.Counters.RxPackets, Is.EqualTo(1));
    }

    [Test]
    public async Task FaultInjectionIsReproducibleFromItsSeed()
    {
        var faults = new FabricFaults(Loss: 0.2, Duplicate: 0.15, Reorder: 0.15, Corrupt: 0.1, Seed: 42);
        (List<int> first, long firstChecksum) = await RunLossyAsync(faults);
        (List<int> second, long secondChecksum) = await RunLossyAsync(faults);
        (List<int> other, _) = await RunLossyAsync(faults with { Seed = 43 });
        TestContext.Out.WriteLine($"seed 42: {first.Count} delivered, {firstChecksum} corrupted: {string.Join(',', first.Take(40))}…");

        Assert.That(second, Is.EqualTo(first));
        Assert.That(secondChecksum, Is.EqualTo(firstChecksum));
        Assert.That(other, Is.Not.EqualTo(first));
        Assert.That(first.Count, Is.LessThan(first.Distinct().Count() + 200));
        Assert.That(first.Distinct().Count(), Is.LessThan(200));                      // some were lost or corrupted
        Assert.That(first.Count, Is.GreaterThan(first.Distinct().Count()));          // some were duplicated
        Assert.That(first, Is.Not.Ordered);                                          // some were reordered
        Assert.That(firstChecksum, Is.GreaterThan(0));                               // some were damaged and counted
    }

    private static async Task<(List<int> Delivered, long ChecksumDrops)> RunLossyAsync(FabricFaults faults)
    {
        await using var bed = new FabricTestBed();
        FabricPort sender = bed.Engine.OpenPort("head", "ib0", 67, faults);
        FabricPort receiver = bed.Open("n1", "ib0", 68);
        using CancellationTokenSource cts = Deadline();
        for (int i = 0; i < 200; i++)
            await sender.SendAsync(BitConverter.GetBytes(i), FabricTestBed.BroadcastTo(sender, 68), LinkTarget.Broadcast, cts.Token);
        var delivered = new List<int>();
        var buffer = new byte[receiver.Mtu];
        while (true)
        {
            // Bounded: each wait ends after 300 ms of silence (a held-back frame is flushed after 50 ms).
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
            quiet.CancelAfter(TimeSpan.FromMilliseconds(300));
            try
            {
                ReceivedDatagram d = await receiver.ReceiveAsync(buffer, quiet.Token);
                delivered.Add(BitConverter.ToInt32(buffer, 0));
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return (delivered, receiver.Counters.DropChecksum);
    }

    [Test]
    public async Task DelayedFramesStillArrive()
    {
        await using var bed = new FabricTestBed();
        using CancellationTokenSource cts = Deadline();
        FabricPort sender = bed.Engine.OpenPort("head", "ib0", 67, new FabricFaults(Delay: TimeSpan.FromMilliseconds(30), Jitter: TimeSpan.FromMilliseconds(5)));
        FabricPort receiver = bed.Open("n1", "ib0", 68);
        var watch = Stopwatch.StartNew();
        await sender.SendAsync(Bytes("late"), FabricTestBed.BroadcastTo(sender, 68), LinkTarget.Broadcast, cts.Token);
        Assert.That(await FabricTestBed.ReceiveAsync(receiver, cts.Token), Is.EqualTo(Bytes("late")));
        TestContext.Out.WriteLine($"delivered after {watch.ElapsedMilliseconds} ms (30 ms delay configured)");
    }

    [Test]
    public async Task TenThousandPortsAllReceiveOneBroadcast()
    {
        const int count = 10_000;
        FabricDefinition definition = FabricConfigParser.Parse($$"""
            fabric "storm" { }
            host head { port ib0 guid 0002:c903:0000:0001; }
            nodes n%05d count {{count}} guid-base 0002:c903:0001:0000;
            """);
        var watch = Stopwatch.StartNew();
        await using FabricEngine engine = FabricEngine.Create(definition, new FabricEngineOptions { Transport = FabricTransport.InProcess });
        IReadOnlyList<FabricPort> nodes = engine.OpenPorts(engine.GeneratedHostNames, "ib0", 68);
        FabricPort head = engine.OpenPort("head", "ib0", 67);
        TestContext.Out.WriteLine($"opened {nodes.Count} ports in {watch.ElapsedMilliseconds} ms");
        Assert.That(engine.Fabric.PortCount, Is.EqualTo(count + 1));

        using CancellationTokenSource cts = Deadline();
        watch.Restart();
        await head.SendAsync(Bytes("offer"), FabricTestBed.BroadcastTo(head, 68), LinkTarget.Broadcast, cts.Token);
        TestContext.Out.WriteLine($"broadcast queued on {count} ports in {watch.ElapsedMilliseconds} ms");
        watch.Restart();
        var buffer = new byte[2044];
        int received = 0;
        foreach (FabricPort node in nodes)
        {
            ReceivedDatagram d = await node.ReceiveAsync(buffer, cts.Token);
            if (d.Length == 5 && d.WasLinkBroadcast)
                received++;
        }
        TestContext.Out.WriteLine($"received on {received} ports in {watch.ElapsedMilliseconds} ms");
        Assert.That(received, Is.EqualTo(count));
    }
}
