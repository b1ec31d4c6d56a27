using IPoIBDhcp.Engine;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Server.Allocation;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Server.Protocol;
using IPoIBDhcp.Server.Reload;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;
using static IPoIBDhcp.Tests.Dhcpd.ServerHarness;

namespace IPoIBDhcp.Tests.Dhcpd.Reload;

/// <summary>
/// What a live reload keeps and changes in a running core: every lease and pending offer kept, added hosts served at
/// their next request, removed hosts refused at their next renewal, ranges added allocatable and ranges removed no
/// longer offered while the leases in them are kept until they end. Real dhcpd.conf text, real requests.
/// </summary>
public class ConfigReloaderTests
{
    private const string Head = """
        authoritative;
        default-lease-time 600;
        max-lease-time 600;
        subnet 198.18.0.0 netmask 255.255.240.0 {
          range 198.18.1.0 198.18.1.2;

        """;

    private static ServerConfig Conf(string body)
    {
        var parsed = DhcpdConfigParser.ParseText(Head + body + "\n}\n", "dhcpd.conf");
        Assert.That(parsed.Diagnostics.Select(d => d.ToString()), Is.Empty);
        return parsed.Config!;
    }

    private static PortGuid Guid(ushort n) => new(0x0002_c903_0000_0000UL | n);
    private static ClientIdentifier Node(ushort n) => ClientIdentifier.FlexBoot(Guid(n));
    private static string HostLine(ushort n, string address) => $"host node{n} {{ hardware infiniband 0002:c903:0000:{n:x4}; fixed-address {address}; }}\n";

    private static (ServerHarness H, ConfigReloader Reloader) Start(ServerConfig config)
    {
        var h = new ServerHarness(ConfigPlanBuilder.Build(config));
        return (h, new ConfigReloader(h.Core, config));
    }

    private static IPv4Address Offer(ServerHarness h, ushort n)
    {
        var d = h.Send(Build(DhcpMessageType.Discover, Node(n)));
        Assert.That((d.Kind, h.Reply.MessageType), Is.EqualTo((DecisionKind.Reply, DhcpMessageType.Offer)), $"node{n} is offered an address");
        return h.Reply.YourAddress;
    }

    private static DhcpMessageType Select(ServerHarness h, ushort n, IPv4Address address)
    {
        var d = h.Send(Build(DhcpMessageType.Request, Node(n), requested: address.ToString(), serverId: "198.18.0.1"));
        return d.ReplyLength > 0 ? h.Reply.MessageType : DhcpMessageType.None;
    }

    // RENEWING: ciaddr, no option 50, no server identifier (RFC 2131 4.3.2).
    private static DhcpMessageType Renew(ServerHarness h, ushort n, IPv4Address address)
    {
        var d = h.Send(Build(DhcpMessageType.Request, Node(n), ciaddr: address.ToString()));
        return d.ReplyLength > 0 ? h.Reply.MessageType : DhcpMessageType.None;
    }

    private static IPv4Address Bind(ServerHarness h, ushort n)
    {
        var address = Offer(h, n);
        Assert.That(Select(h, n, address), Is.EqualTo(DhcpMessageType.Ack));
        return address;
    }

    [Test]
    public async Task AHostAddedIsServedItsFixedAddressAtItsNextRequest()
    {
        var (h, reloader) = Start(Conf(""));
        Assert.That(Offer(h, 5), Is.EqualTo(A("198.18.1.0")), "before: a dynamic address");

        var result = await reloader.ApplyAsync(Conf(HostLine(5, "198.18.2.5")));

        Assert.That((result.Applied, result.Counts), Is.EqualTo((true, new ReloadCounts(1, 1, 1, 1, 0))));
        Assert.That(Offer(h, 5), Is.EqualTo(A("198.18.2.5")));
        Assert.That(Select(h, 5, A("198.18.2.5")), Is.EqualTo(DhcpMessageType.Ack));
        Assert.That((reloader.Applied, reloader.Refused), Is.EqualTo((1L, 0L)));
        Assert.That(reloader.Current.Hosts.Single().Name, Is.EqualTo("node5"));
    }

    [Test]
    public async Task AHostRemovedIsRefusedAtItsNextRenewalAndThenGetsADynamicAddress()
    {
        var (h, reloader) = Start(Conf(HostLine(5, "198.18.2.5")));
        Assert.That(Bind(h, 5), Is.EqualTo(A("198.18.2.5")));
        Assert.That(Renew(h, 5, A("198.18.2.5")), Is.EqualTo(DhcpMessageType.Ack), "before the reload the renewal is acknowledged");

        var result = await reloader.ApplyAsync(Conf(""));

        Assert.That((result.Counts.HostsAdded, result.Counts.HostsRemoved), Is.EqualTo((0, 1)));
        Assert.That(Renew(h, 5, A("198.18.2.5")), Is.EqualTo(DhcpMessageType.Nak), "the reservation is gone (ISC NAKs an address it has no lease for)");
        Assert.That(Bind(h, 5), Is.EqualTo(A("198.18.1.0")), "the client starts over and gets a dynamic address");
    }

    [Test]
    public async Task APendingOfferIsKeptAcrossAReloadThatCutsItsRange()
    {
        var (h, reloader) = Start(Conf(""));
        var offered = Offer(h, 1);
        Assert.That(offered, Is.EqualTo(A("198.18.1.0")));

        // A new host's fixed address inside the range cuts it in two: new bitmaps, built from the bindings.
        var result = await reloader.ApplyAsync(Conf(HostLine(9, "198.18.1.1")));
        Assert.That(result.Applied, Is.True);

        Assert.That(Offer(h, 2), Is.EqualTo(A("198.18.1.2")), "neither the pending offer nor the new host's address is offered to another client");
        Assert.That(h.Send(Build(DhcpMessageType.Discover, Node(3))).Kind, Is.EqualTo(DecisionKind.Silent), "the range is full");
        Assert.That(Select(h, 1, offered), Is.EqualTo(DhcpMessageType.Ack), "the offer made before the reload is acknowledged after it");
        var cut = h.Core.Plan.Subnets[0].Pools[0].Ranges;
        Assert.That(cut.Select(r => r.ToString()), Is.EqualTo(new[] { "198.18.1.0-198.18.1.0", "198.18.1.2-198.18.1.2" }));
        Assert.That(cut.Sum(r => h.Core.Allocator.PoolFor(r).FreeCount), Is.Zero);
        Assert.That(h.Core.Allocator.FindByAddress(offered)!.Pool, Is.SameAs(h.Core.Allocator.PoolFor(cut[0])));
    }

    [Test]
    public async Task EveryLeaseIsKeptAndAnUnchangedRangeKeepsItsBitmap()
    {
        var (h, reloader) = Start(Conf(""));
        var range = h.Core.Plan.Subnets[0].Pools[0].Ranges[0];
        var bitmap = h.Core.Allocator.PoolFor(range);
        var leased = new[] { Bind(h, 1), Bind(h, 2) };

        await reloader.ApplyAsync(Conf(HostLine(9, "198.18.2.9")));

        Assert.That(h.Core.Allocator.PoolFor(range), Is.SameAs(bitmap));
        Assert.That(bitmap.FreeCount, Is.EqualTo(1));
        Assert.That(leased.Select(a => h.Core.Allocator.FindByAddress(a)!.State), Is.All.EqualTo(BindingState.Active));
        Assert.That(Renew(h, 1, leased[0]), Is.EqualTo(DhcpMessageType.Ack));
        Assert.That(Renew(h, 2, leased[1]), Is.EqualTo(DhcpMessageType.Ack));
        Assert.That(Bind(h, 3), Is.EqualTo(A("198.18.1.2")));
    }

    [Test]
    public async Task ARangeAddedBecomesAllocatable()
    {
        var (h, reloader) = Start(Conf(""));
        for (ushort n = 1; n <= 3; n++) Bind(h, n);
        Assert.That(h.Send(Build(DhcpMessageType.Discover, Node(4))).Kind, Is.EqualTo(DecisionKind.Silent), "full before the reload");

        var result = await reloader.ApplyAsync(Conf("  range 198.18.3.0 198.18.3.9;\n"));

        Assert.That(result.Counts.Ranges, Is.EqualTo(2));
        Assert.That(Bind(h, 4), Is.EqualTo(A("198.18.3.0")));
    }

    [Test]
    public async Task ARangeRemovedIsNoLongerOfferedButItsLeasesAreKeptUntilTheyEnd()
    {
        var (h, reloader) = Start(Conf("  range 198.18.3.0 198.18.3.0;\n"));
        for (ushort n = 1; n <= 4; n++) Bind(h, n);
        var inRemoved = h.Core.Allocator.FindByKey(ClientKey.ForGuid(Guid(4)))!;
        Assert.That(inRemoved.Address, Is.EqualTo(A("198.18.3.0")));

        await reloader.ApplyAsync(Conf(""));

        Assert.That(h.Send(Build(DhcpMessageType.Discover, Node(5))).Kind, Is.EqualTo(DecisionKind.Silent), "nothing is offered from the removed range");
        Assert.That((inRemoved.State, inRemoved.Pool), Is.EqualTo((BindingState.Active, (AddressPool?)null)), "the lease is kept, in no range");
        Assert.That(Renew(h, 4, A("198.18.3.0")), Is.EqualTo(DhcpMessageType.Nak), "its renewal is refused, as ISC refuses an address in no pool");

        // Put back while the lease runs: the address is still taken.
        await reloader.ApplyAsync(Conf("  range 198.18.3.0 198.18.3.0;\n"));
        Assert.That(h.Send(Build(DhcpMessageType.Discover, Node(5))).Kind, Is.EqualTo(DecisionKind.Silent), "the kept lease still holds its address");
        h.Now += TimeSpan.FromSeconds(300);
        for (ushort n = 1; n <= 3; n++) Assert.That(Renew(h, n, A($"198.18.1.{n - 1}")), Is.EqualTo(DhcpMessageType.Ack));
        h.Now += TimeSpan.FromSeconds(301);
        Assert.That(Offer(h, 5), Is.EqualTo(A("198.18.3.0")), "once the kept lease ended its address is free again");
    }

    [Test]
    public async Task AChangeOfTheLeaseFileNameIsRefusedAndTheRunningConfigurationServesOn()
    {
        var running = Conf(HostLine(5, "198.18.2.5"));
        var (h, reloader) = Start(running);
        var plan = h.Core.Plan;

        var result = await reloader.ApplyAsync(DhcpdConfigParser.ParseText("lease-file-name \"/tmp/other.leases\";\n" + Head + "\n}\n", "dhcpd.conf").Config!);

        Assert.That(result.Applied, Is.False);
        Assert.That(result.Problems, Is.EqualTo(new[] { "lease-file-name cannot change on reload (unset -> /tmp/other.leases): restart dhcpd to change it" }));
        Assert.That(result.ToString(), Is.EqualTo("1 problem; the running configuration (1 subnets, 1 hosts) keeps serving"));
        Assert.That((reloader.Applied, reloader.Refused), Is.EqualTo((0L, 1L)));
        Assert.That((h.Core.Plan, reloader.Current), Is.EqualTo((plan, running)));
        Assert.That(Offer(h, 5), Is.EqualTo(A("198.18.2.5")), "the host of the running configuration is still served");
    }

    [Test]
    public async Task HooksAddedToAServerStartedWithoutARunnerAreRefused()
    {
        var h = new ServerHarness(ConfigPlanBuilder.Build(Conf("")));
        var reloader = new ConfigReloader(h.Core, Conf("")) { HooksRunnable = false };

        var result = await reloader.ApplyAsync(Conf("  on commit { execute(\"/bin/true\"); }\n"));

        Assert.That(result.Problems, Is.EqualTo(new[] { "'on commit/release/expiry' blocks cannot be added on reload to a server started without any: restart dhcpd to run them" }));
    }

    [Test]
    public async Task ChangesAreAppliedOneAfterAnotherSoNoneIsLost()
    {
        var (_, reloader) = Start(Conf(""));
        // Forty host additions at once, each made from the configuration in force when it runs.
        var adds = Enumerable.Range(1, 40).Select(i => Task.Run(() => reloader.ApplyAsync(c =>
            DhcpdConfigParser.ParseText(Head + string.Concat(c.Hosts.Select(x => HostLine(ushort.Parse(x.Name[4..]), x.FixedAddresses[0].ToString()))) + HostLine((ushort)i, $"198.18.2.{i}") + "\n}\n", "dhcpd.conf").Config!)));
        var results = await Task.WhenAll(adds);

        Assert.That(results.Select(r => r.Applied), Is.All.True);
        Assert.That(reloader.Current.Hosts.Select(x => x.Name).Order(), Is.EquivalentTo(Enumerable.Range(1, 40).Select(i => $"node{i}")));
        Assert.That(reloader.Applied, Is.EqualTo(40));
    }

    [Test]
    public async Task RequestsDecidedWhileReloadsRunAreEachAnsweredOnceWithDistinctAddresses()
    {
        const string Base = "authoritative; default-lease-time 600;\nsubnet 198.18.0.0 netmask 255.255.240.0 { range 198.18.1.0 198.18.4.255; }\n";
        var plain = DhcpdConfigParser.ParseText(Base, "dhcpd.conf").Config!;
        // The other configuration cuts the range around a host's fixed address: every other reload rebuilds the bitmaps.
        var cut = DhcpdConfigParser.ParseText(Base + HostLine(9, "198.18.2.9"), "dhcpd.conf").Config!;
        var core = new DhcpServerCore(ConfigPlanBuilder.Build(plain), new AddressAllocator(), new ClientKeyResolver(), IPoIBDhcp.Logging.NullLogSink.Instance);
        var reloader = new ConfigReloader(core, plain);
        using var stop = new CancellationTokenSource();
        var reloading = Task.Run(async () =>
        {
            int n = 0;
            // Until the clients are done (bounded, should they never be).
            for (; n < 100_000 && !stop.IsCancellationRequested; n++)
                if (!(await reloader.ApplyAsync(n % 2 == 0 ? cut : plain)).Applied) return -1;
            return n;
        });
        const int clients = 4, each = 150;
        var naks = new System.Collections.Concurrent.ConcurrentBag<IPv4Address>();
        var acked = await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() =>
        {
            var client = new CoreClient(core);
            var got = new List<(DhcpMessageType Offer, DhcpMessageType Ack, IPv4Address Address)>();
            for (int i = 0; i < each; i++)
            {
                var id = Node((ushort)(c * each + i + 100));
                // An offer of 198.18.2.9 made under the plain configuration is rightly NAKed when the cut one,
                // which reserves that address for node9, comes in between: the client starts again, as a real one would.
                for (int attempt = 0; ; attempt++)
                {
                    var offer = client.Send(Build(DhcpMessageType.Discover, id, xid: (uint)(i * 16 + attempt)));
                    var offered = (offer.MessageType, offer.YourAddress);
                    var ack = client.Send(Build(DhcpMessageType.Request, id, requested: offered.YourAddress.ToString(), serverId: "198.18.0.1", xid: (uint)(i * 16 + attempt)));
                    if (ack.MessageType == DhcpMessageType.Nak && offered.YourAddress == A("198.18.2.9") && attempt < 9)
                    {
                        naks.Add(offered.YourAddress);
                        continue;
                    }
                    got.Add((offered.MessageType, ack.MessageType, ack.YourAddress));
                    break;
                }
            }
            return got;
        })));
        stop.Cancel();
        int reloads = await reloading;

        var all = acked.SelectMany(a => a).ToList();
        Assert.That(all.Select(a => (a.Offer, a.Ack)), Is.All.EqualTo((DhcpMessageType.Offer, DhcpMessageType.Ack)), "every request answered, offer then ack");
        Assert.That(all.Select(a => a.Address).Distinct().Count(), Is.EqualTo(clients * each), "no address given twice");
        Assert.That(naks, Has.Count.LessThan(clients * each / 10), "a NAK only where a reload reserved the offered address in between");
        Assert.That(reloads, Is.GreaterThan(1), "reloads ran (and were all applied) while the requests were decided");
    }

    /// <summary>One thread's requests to a shared core, with its own buffers.</summary>
    private sealed class CoreClient(DhcpServerCore core)
    {
        private readonly byte[] buffer = new byte[4096];
        private readonly DhcpMessage request = new();
        private static readonly PortContext Port = new("ib0", A("198.18.0.1"), 2044, PortCapabilities.LinkBroadcast | PortCapabilities.LinkUnicast);

        public DhcpMessage Send(byte[] bytes)
        {
            request.Read(bytes);
            var received = new ReceivedDatagram(bytes.Length, new DatagramEndpoints(A("0.0.0.0"), 68, IPv4Address.Broadcast, 67),
                new LinkAddress([0x80, 0, 0, 0x48, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 2, 0xc9, 3, 0, 0, 0x10, 0x39]), null, ChecksumStatus.VerifiedByHardware, true);
            var decision = core.Handle(request, received, Port, buffer, T0);
            var reply = new DhcpMessage();
            if (decision.ReplyLength > 0) reply.Read(buffer.AsSpan(0, decision.ReplyLength));
            return reply;
        }
    }
}
