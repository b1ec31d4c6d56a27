using System.Net;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.IntegrationTests.Support;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.IntegrationTests.Cluster;

/// <summary>
/// Three real dhcpd processes in cluster mode (<c>LeaseStore=raft</c>) on loopback, behind a relay at 127.0.0.2 that
/// forwards every request to all of them (the partition scenario puts each member in its own network namespace,
/// so that one member's Raft link can be cut while its DHCP link stays up). Each scenario runs a steady client load through a leader change of its
/// own kind and ends with the same two checks over every ACK the clients received: no address was ACKed to two
/// clients at once, and every ACKed lease is still held for its client.
/// </summary>
[NonParallelizable]
public sealed class ClusterFailoverTests
{
    private const string Config = """
        authoritative;
        ddns-update-style none;
        default-lease-time 600;
        max-lease-time 600;

        # The relay's side (giaddr 127.0.0.2, or 198.18.255.1 when the members run in namespaces) and the
        # IPoIB subnet behind it are one network.
        shared-network relay {
          subnet 127.0.0.0 netmask 255.0.0.0 { }
          subnet 198.18.255.0 netmask 255.255.255.0 { }
          subnet 198.18.64.0 netmask 255.255.240.0 {
            range 198.18.64.10 198.18.79.250;
          }
        }
        """;

    private static readonly TimeSpan ElectionTimeout = TimeSpan.FromSeconds(30);
    private static readonly IPv4Address Giaddr = IPv4Address.FromIPAddress(LoopbackPorts.Relay);
    private static readonly IPv4Address NamespaceGiaddr = IPv4Address.FromIPAddress(ClusterNetwork.Giaddr);

    [Test]
    public async Task ThreeMembers_ElectOneLeader_WhichAloneAnswers()
    {
        using var workspace = Workspace.Create();
        await using var cluster = await DhcpCluster.StartAsync(workspace, workspace.Write("dhcpd.conf", Config));
        int leader = await cluster.WaitForLeaderAsync(ElectionTimeout);
        await using var relay = Relay(cluster);

        for (int i = 0; i < 30; i++)
        {
            var id = ClientIdentifier.FlexBoot(new PortGuid(0x0002_c903_00a0_0000UL + (ulong)i));
            uint xid = 0x7100_0000u + (uint)i * 2;
            var offer = await relay.ExchangeAsync(new DhcpPacket(DhcpMessageType.Discover, xid, id) { GatewayAddress = Giaddr, Hops = 1 }, DhcpRoute.Broadcast);
            Assert.That(offer?.Type, Is.EqualTo(DhcpMessageType.Offer), cluster.Output());
            var ack = await relay.ExchangeAsync(new DhcpPacket(DhcpMessageType.Request, xid + 1, id)
            {
                GatewayAddress = Giaddr,
                Hops = 1,
                RequestedAddress = offer!.YourAddress,
                ServerIdentifier = offer.ServerIdentifier,
            }, DhcpRoute.Broadcast);
            Assert.That(ack?.Type, Is.EqualTo(DhcpMessageType.Ack), cluster.Output());
            Assert.That(ack!.YourAddress, Is.EqualTo(offer.YourAddress));
        }
        // Let late duplicates arrive, then count who answered each transaction.
        await Task.Delay(300);
        var sources = relay.AllReplies.GroupBy(r => r.Message.TransactionId).Select(g => g.Select(r => r.Endpoints.Source).Distinct().ToArray()).ToArray();
        Assert.That(sources, Has.Length.EqualTo(60));
        Assert.That(sources, Has.All.Length.EqualTo(1), "exactly one member answered each request");
        Assert.That(sources.Select(s => s[0]).Distinct(), Is.EqualTo(new[] { IPv4Address.FromIPAddress(cluster.Addresses[leader]) }), "and it was the leader");
        for (int i = 0; i < cluster.Size; i++)
        {
            if (i == leader) continue;
            Assert.That(await cluster.GaugeAsync(i, "dhcpd_silent_total"), Is.GreaterThanOrEqualTo(60), $"follower {i} received every request and stayed silent");
            int follower = i;
            await WaitAsync(async () => await cluster.GaugeAsync(follower, "dhcpd_cluster_leases") == 30 ? (object)true : null, TimeSpan.FromSeconds(10), cluster);
        }
    }

    [Test]
    public async Task LeaderKilled_UnderLoad_AcksResumeFromANewLeader_AndNoLeaseIsLost()
    {
        using var workspace = Workspace.Create();
        await using var cluster = await DhcpCluster.StartAsync(workspace, workspace.Write("dhcpd.conf", Config));
        int leader = await cluster.WaitForLeaderAsync(ElectionTimeout);
        await using var relay = Relay(cluster);
        var ledger = new AckLedger();
        await using var load = ClientLoad.Start(relay, ledger, Giaddr, 0x0002_c903_00b0_0000UL, 0x7200_0000u);

        await WaitForAcksAsync(ledger, 50, cluster);
        var killedAt = ledger.Now;
        await cluster.KillAsync(leader);
        var oldLeader = IPv4Address.FromIPAddress(cluster.Addresses[leader]);
        var resumed = await WaitAsync(() => ledger.Between(killedAt, TimeSpan.MaxValue).FirstOrDefault(a => a.Server != oldLeader), TimeSpan.FromSeconds(20), cluster);
        var gap = resumed.At - killedAt;
        TestContext.Out.WriteLine($"leader {oldLeader} SIGKILLed; first ACK from {resumed.Server} {gap.TotalMilliseconds:0} ms later");
        Assert.That(gap, Is.LessThan(TimeSpan.FromSeconds(10)), "service resumed within seconds");
        await WaitForAcksAsync(ledger, ledger.Acks.Count + 50, cluster);
        await load.StopAsync();

        int newLeader = await cluster.WaitForLeaderAsync(ElectionTimeout, new HashSet<int> { leader });
        TestContext.Out.WriteLine($"{ledger.Acks.Count} ACKs; {load.Unanswered} exchanges unanswered around the failover; new leader {cluster.Addresses[newLeader]}");
        await ledger.AssertPromisesKeptAsync(relay, Giaddr, 0x7a00_0000u);
    }

    [Test]
    public async Task IsolatedLeader_AcksNothing_AndTheClusterHealsWhenItsPeersReturn()
    {
        using var workspace = Workspace.Create();
        await using var cluster = await DhcpCluster.StartAsync(workspace, workspace.Write("dhcpd.conf", Config));
        int leader = await cluster.WaitForLeaderAsync(ElectionTimeout);
        await using var relay = Relay(cluster);
        var ledger = new AckLedger();
        await using (var warmup = ClientLoad.Start(relay, ledger, Giaddr, 0x0002_c903_00c0_0000UL, 0x7300_0000u))
        {
            await WaitForAcksAsync(ledger, 30, cluster);
        }

        // Freezing both followers leaves the leader a minority of one: its DHCP socket still receives every request.
        var followers = Enumerable.Range(0, cluster.Size).Where(i => i != leader).ToArray();
        foreach (var f in followers) await cluster.FreezeAsync(f);
        var isolatedAt = ledger.Now;
        await using (var isolated = ClientLoad.Start(relay, ledger, Giaddr, 0x0002_c903_00c1_0000UL, 0x7400_0000u))
        {
            await Task.Delay(TimeSpan.FromSeconds(4));
        }
        var isolatedUntil = ledger.Now;
        Assert.That(ledger.Between(isolatedAt, isolatedUntil), Is.Empty, "a member without a majority ACKs nothing");
        Assert.That(await cluster.GaugeAsync(leader, "dhcpd_cluster_leader"), Is.EqualTo(0), "and no longer counts itself leader");
        Assert.That(await cluster.GaugeAsync(leader, "dhcpd_silent_total"), Is.GreaterThan(0), "it received requests and stayed silent");

        foreach (var f in followers) await cluster.ThawAsync(f);
        await cluster.WaitForLeaderAsync(ElectionTimeout);
        await using (var healed = ClientLoad.Start(relay, ledger, Giaddr, 0x0002_c903_00c2_0000UL, 0x7500_0000u))
        {
            await WaitForAcksAsync(ledger, ledger.Acks.Count + 30, cluster);
        }
        await ledger.AssertPromisesKeptAsync(relay, Giaddr, 0x7b00_0000u);
    }

    [Test]
    public async Task PartitionedLeader_AcksNothing_WhileTheMajorityElectsAnotherAndServes_ThenCatchesUp()
    {
        using var workspace = Workspace.Create();
        await using var network = await ClusterNetwork.CreateAsync(3);
        await using var cluster = await DhcpCluster.StartAsync(workspace, workspace.Write("dhcpd.conf", Config), network: network);
        int leader = await cluster.WaitForLeaderAsync(ElectionTimeout);
        await using var relay = await cluster.CreateRelayAsync();
        var ledger = new AckLedger();
        await using (var before = ClientLoad.Start(relay, ledger, NamespaceGiaddr, 0x0002_c903_00e0_0000UL, 0x7d00_0000u))
        {
            await WaitForAcksAsync(ledger, 30, cluster);
        }

        // Cut the leader's Raft link: it still receives every request on its DHCP link, the other two still see each other.
        await network.PartitionAsync(leader);
        var cutAt = ledger.Now;
        var isolated = IPv4Address.FromIPAddress(cluster.Addresses[leader]);
        await using (var during = ClientLoad.Start(relay, ledger, NamespaceGiaddr, 0x0002_c903_00e1_0000UL, 0x7e00_0000u))
        {
            await WaitAsync(() => ledger.Between(cutAt, TimeSpan.MaxValue).Count(a => a.Server != isolated) >= 50 ? (object)true : null, ElectionTimeout, cluster);
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        var afterCut = ledger.Between(cutAt, TimeSpan.MaxValue);
        TestContext.Out.WriteLine($"after the cut: {afterCut.Length} ACKs, all from {string.Join(", ", afterCut.Select(a => a.Server).Distinct())}");
        Assert.That(afterCut.Where(a => a.Server == isolated), Is.Empty, "the partitioned leader ACKed nothing");
        int majorityLeader = await cluster.WaitForLeaderAsync(ElectionTimeout);
        Assert.That(majorityLeader, Is.Not.EqualTo(leader), "the majority elected another leader");
        Assert.That(await cluster.GaugeAsync(leader, "dhcpd_cluster_leader"), Is.EqualTo(0), "the partitioned member does not count itself leader");
        Assert.That(await cluster.GaugeAsync(leader, "dhcpd_silent_total"), Is.GreaterThan(0), "it received requests and stayed silent");

        await network.HealAsync(leader);
        long? leases = await cluster.GaugeAsync(majorityLeader, "dhcpd_cluster_leases");
        await WaitAsync(async () => await cluster.GaugeAsync(leader, "dhcpd_cluster_leases") == leases ? (object)true : null, ElectionTimeout, cluster);
        await ledger.AssertPromisesKeptAsync(relay, NamespaceGiaddr, 0x7f00_0000u);
    }

    [Test]
    public async Task RestartedMember_CatchesUp_AndCarriesTheLeasesWhenTheLeaderDies()
    {
        using var workspace = Workspace.Create();
        await using var cluster = await DhcpCluster.StartAsync(workspace, workspace.Write("dhcpd.conf", Config));
        int leader = await cluster.WaitForLeaderAsync(ElectionTimeout);
        int restarted = Enumerable.Range(0, cluster.Size).First(i => i != leader);
        await using var relay = Relay(cluster);
        var ledger = new AckLedger();

        await using (var load = ClientLoad.Start(relay, ledger, Giaddr, 0x0002_c903_00d0_0000UL, 0x7600_0000u))
        {
            await WaitForAcksAsync(ledger, 30, cluster);
            await cluster.KillAsync(restarted);
            int before = ledger.Acks.Count;
            await WaitForAcksAsync(ledger, before + 100, cluster);
        }
        TestContext.Out.WriteLine($"{ledger.Acks.Count} ACKs, 100+ of them while member {restarted} was down");

        await cluster.StartMemberAsync(restarted);
        long? leaderLeases = await cluster.GaugeAsync(leader, "dhcpd_cluster_leases");
        Assert.That(leaderLeases, Is.EqualTo(ledger.Acks.Select(a => a.Address).Distinct().Count()));
        await WaitAsync(async () => await cluster.GaugeAsync(restarted, "dhcpd_cluster_leases") == leaderLeases ? (object)true : null,
            TimeSpan.FromSeconds(30), cluster);

        // Now the restarted member is half of the remaining majority: every lease must still be there.
        await cluster.KillAsync(leader);
        await cluster.WaitForLeaderAsync(ElectionTimeout, new HashSet<int> { leader });
        await ledger.AssertPromisesKeptAsync(relay, Giaddr, 0x7c00_0000u);
    }

    private static DhcpTestClient Relay(DhcpCluster cluster) =>
        DhcpTestClient.OverUdp(new IPEndPoint(cluster.Giaddr, cluster.DhcpPort), cluster.DhcpEndpoints);

    private static Task WaitForAcksAsync(AckLedger ledger, int count, DhcpCluster cluster) =>
        WaitAsync(() => ledger.Acks.Count >= count ? (object)true : null, TimeSpan.FromSeconds(30), cluster);

    private static Task<T> WaitAsync<T>(Func<T?> probe, TimeSpan timeout, DhcpCluster cluster) where T : class =>
        WaitAsync(() => Task.FromResult(probe()), timeout, cluster);

    private static async Task<T> WaitAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, DhcpCluster cluster) where T : class
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } found) return found;
            if (clock.Elapsed > timeout) Assert.Fail($"condition not met within {timeout.TotalSeconds} s; output:\n{cluster.Output()}");
            await Task.Delay(20);
        }
    }
}
