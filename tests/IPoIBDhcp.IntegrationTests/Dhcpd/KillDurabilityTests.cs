using System.Collections.Concurrent;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.IntegrationTests.Support;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Server.Leases.IscFile;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.IntegrationTests.Dhcpd;

/// <summary>
/// An ACK is a promise: dhcpd sends it only once the lease is on disk (group commit). Clients DORA as fast as they
/// can; at a seeded random moment dhcpd is SIGKILLed mid-stream; restarted on the same lease file it must still bind
/// every ACKed address to its client, and never hand one to anybody else.
/// </summary>
[NonParallelizable]
public sealed class KillDurabilityTests
{
    private const int Clients = 300;
    private const int Concurrency = 8;
    private const int Seed = 20261124;

    // Long leases here: what is checked is durability, not expiry.
    private const string Config = """
        authoritative;
        ddns-update-style none;
        default-lease-time 600;
        max-lease-time 600;
        subnet 198.18.0.0 netmask 255.255.240.0 {
          option routers 198.18.0.1;
          range 198.18.1.1 198.18.3.254;
        }
        """;

    private static readonly IPv4Address Server = IPv4Address.Parse("198.18.0.1");

    [Test]
    public async Task EveryAckedLease_SurvivesSigkill()
    {
        var random = new Random(Seed);
        int killAfterAcks = random.Next(60, 240);
        TestContext.Out.WriteLine($"seed {Seed}: SIGKILL after {killAfterAcks} ACKs");

        using var workspace = Workspace.Create();
        var fabric = TestFabric.Create(workspace);
        string config = workspace.Write("dhcpd.conf", Config);
        string leases = workspace.File("dhcpd.leases");
        string[] settings = ["--Journal:Flush=group"];
        await using var engine = fabric.Join("node001");
        await using var client = DhcpTestClient.OverPort(engine.OpenPort("node001", "ib0", 68));
        var acked = new ConcurrentDictionary<IPv4Address, ClientIdentifier>();
        var ids = Enumerable.Range(0, Clients).Select(i => ClientIdentifier.FlexBoot(new PortGuid(0x0002_c903_00ff_0000UL + (ulong)i))).ToArray();
        int xidBase = random.Next();

        await using (var first = await Support.Dhcpd.StartOnFabricAsync(fabric, config, leases, "head", ["ib0"], settings))
        {
            int next = -1;
            int ackCount = 0;
            using var killed = new CancellationTokenSource();
            var killer = new SemaphoreSlim(0, 1);
            var workers = Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
            {
                int i;
                while (!killed.IsCancellationRequested && (i = Interlocked.Increment(ref next)) < Clients)
                {
                    uint xid = (uint)(xidBase + (2 * i));
                    var offer = await client.ExchangeAsync(new DhcpPacket(DhcpMessageType.Discover, xid, ids[i]), DhcpRoute.Broadcast,
                        TimeSpan.FromMilliseconds(500), attempts: 4);
                    if (offer?.Type != DhcpMessageType.Offer)
                        continue;
                    var request = new DhcpPacket(DhcpMessageType.Request, xid + 1, ids[i]) { RequestedAddress = offer.YourAddress, ServerIdentifier = Server };
                    var ack = await client.ExchangeAsync(request, DhcpRoute.Broadcast, TimeSpan.FromMilliseconds(500), attempts: 4);
                    if (ack?.Type != DhcpMessageType.Ack)
                        continue;
                    Assert.That(acked.TryAdd(ack.YourAddress, ids[i]), Is.True, $"{ack.YourAddress} ACKed to two clients");
                    if (Interlocked.Increment(ref ackCount) == killAfterAcks)
                        killer.Release();
                }
            })).ToArray();

            // kill -9 while the other workers' exchanges (and their group commits) are in flight.
            bool reached = await killer.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.That(reached, Is.True, $"only {ackCount} ACKs in 60 s; dhcpd output:\n{first.Output}");
            await first.KillAsync();
            await killed.CancelAsync();
            await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(30));
            TestContext.Out.WriteLine($"{acked.Count} ACKs received before and around the SIGKILL");
        }

        // What a restart will read: every ACKed lease is there, active, for its client.
        var content = new IscLeaseFileReader().ReadFile(leases);
        if (content.TornTail)
            TestContext.Out.WriteLine($"the lease file ends in a torn record (cut by the SIGKILL): {string.Join("; ", content.Diagnostics)}");
        var latest = LeaseFile.Latest(leases);
        using (Assert.EnterMultipleScope())
        {
            foreach (var (address, id) in acked)
            {
                Assert.That(latest.TryGetValue(address, out var lease), Is.True, $"ACKed {address} missing from the lease file");
                if (lease is null) continue;
                Assert.That(lease.BindingState, Is.EqualTo(LeaseBindingState.Active), $"{address}");
                Assert.That(ClientIdentifier.FromBytes(lease.ClientId.Span), Is.EqualTo(id), $"{address} bound to its client");
            }
        }

        await using var second = await Support.Dhcpd.StartOnFabricAsync(fabric, config, leases, "head", ["ib0"], settings);
        foreach (string line in second.Lines.Where(l => l.Contains("torn", StringComparison.Ordinal)))
            TestContext.Out.WriteLine($"restart dropped a torn tail: {line}");

        // INIT-REBOOT of every ACKed client is ACKed with its address.
        var pairs = acked.ToArray();
        int cursor = -1;
        var failures = new ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
        {
            int k;
            while ((k = Interlocked.Increment(ref cursor)) < pairs.Length)
            {
                var (address, id) = pairs[k];
                var reboot = new DhcpPacket(DhcpMessageType.Request, (uint)(xidBase + (2 * Clients) + k), id) { RequestedAddress = address };
                var reply = await client.ExchangeAsync(reboot, DhcpRoute.Broadcast, TimeSpan.FromMilliseconds(500), attempts: 6);
                if (reply?.Type != DhcpMessageType.Ack || reply.YourAddress != address)
                    failures.Add($"{address} for {id}: {reply?.Type.ToString() ?? "no reply"} {reply?.YourAddress}");
            }
        }))).WaitAsync(TimeSpan.FromSeconds(90));
        Assert.That(failures, Is.Empty, "INIT-REBOOT after the restart");

        // Strangers: new clients are offered other addresses, and one asking for an ACKed address is refused.
        uint strangerXid = (uint)(xidBase + (4 * Clients));
        for (int s = 0; s < 20; s++)
        {
            var stranger = ClientIdentifier.FlexBoot(new PortGuid(0x0002_c903_00ee_0000UL + (ulong)s));
            var offer = await client.ExchangeAsync(new DhcpPacket(DhcpMessageType.Discover, strangerXid++, stranger), DhcpRoute.Broadcast);
            Assert.That(offer?.Type, Is.EqualTo(DhcpMessageType.Offer));
            Assert.That(acked.ContainsKey(offer!.YourAddress), Is.False, $"{offer.YourAddress} is another client's");
        }
        var (taken, owner) = pairs[random.Next(pairs.Length)];
        var thief = ClientIdentifier.FlexBoot(new PortGuid(0x0002_c903_00dd_0001UL));
        var steal = await client.ExchangeAsync(new DhcpPacket(DhcpMessageType.Request, strangerXid++, thief) { RequestedAddress = taken }, DhcpRoute.Broadcast);
        Assert.That(steal?.Type, Is.EqualTo(DhcpMessageType.Nak), $"{taken} belongs to {owner}");
    }
}
