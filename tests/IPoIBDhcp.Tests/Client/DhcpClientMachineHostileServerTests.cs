using IPoIBDhcp.Client.Config;
using IPoIBDhcp.Client.Leases;
using IPoIBDhcp.Client.Protocol;
using IPoIBDhcp.Client.Script;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;
using IPoIBDhcp.Wire.Options;
using static IPoIBDhcp.Tests.Client.DhcpClientMachineTests;
using static IPoIBDhcp.Tests.Client.ServerReplies;

namespace IPoIBDhcp.Tests.Client;

/// <summary>
/// Issue 13: leases of any length up to infinite, lease time 0, nonsense T1/T2 and nonsense addresses, against the
/// state machine with a hand-moved clock. ISC dhclient 4.4.3 is the reference for message counts.
/// </summary>
public class DhcpClientMachineHostileServerTests
{
    private const uint HundredDays = 100 * 86400;

    /// <summary>
    /// Plays a server that answers every message at once with <paramref name="answer"/>, moving the clock from
    /// deadline to deadline until <paramref name="span"/> has passed; returns the client's messages. Bounded: a client
    /// that loops without time passing is stopped after 10,000 messages (and the test then fails on the count).
    /// </summary>
    private static List<DhcpMessage> Converse(DhcpClientMachine m, RecordingHost h, Func<DhcpMessage, (byte[] Reply, IPv4Address From)?> answer,
        TimeSpan span, DateTimeOffset? from = null)
    {
        var start = from ?? T0;
        var now = start;
        int handled = h.Packets.Count;
        if (from is null) m.Start(T0, null, []);
        var sent = new List<DhcpMessage>();
        while (sent.Count < 10_000)
        {
            while (handled < h.Packets.Count && sent.Count < 10_000)
            {
                var request = h.Packets[handled++].Message;
                sent.Add(request);
                if (answer(request) is { } reply) m.OnMessage(Parse(reply.Reply), reply.From, now);
            }
            if (m.NextDeadline is not { } next || next > start + span) break;
            now = next;
            m.OnTimer(now);
        }
        return sent;
    }

    private static (byte[], IPv4Address)? Answer(DhcpMessage request, uint leaseTime, IPv4Address? yiaddr = null, bool nak = false) =>
        request.MessageType switch
        {
            DhcpMessageType.Discover => (Build(DhcpMessageType.Offer, request, yiaddr ?? Offered, leaseTime), ServerReplies.Server),
            DhcpMessageType.Request => (Build(nak ? DhcpMessageType.Nak : DhcpMessageType.Ack, request, yiaddr ?? Offered, leaseTime), ServerReplies.Server),
            _ => null,
        };

    [Test]
    public void InfiniteLeaseStaysBoundWithNothingScheduledForYears()
    {
        var (m, h) = Create();
        var lease = BindByDora(m, h, leaseTime: LeaseTimes.Infinite);
        Assert.That(lease.Renewal, Is.EqualTo(DateTimeOffset.MaxValue));
        Assert.That(lease.Rebinding, Is.EqualTo(DateTimeOffset.MaxValue));
        Assert.That(lease.Expiry, Is.EqualTo(DateTimeOffset.MaxValue));
        Assert.That(m.NextDeadline, Is.Null, "no renewal is scheduled");
        Assert.That(h.Lines[^1], Is.EqualTo("bound to 198.18.0.100 -- infinite lease, no renewal."));
        int sent = h.Packets.Count;
        for (int year = 1; year <= 30; year++)
        {
            m.OnTimer(T0.AddYears(year));
            Assert.That(m.State, Is.EqualTo(ClientState.Bound));
        }
        Assert.That(h.Packets, Has.Count.EqualTo(sent));
        Assert.That(h.Scripts.Select(s => s.Reason), Is.EqualTo(new[] { ScriptReason.Preinit, ScriptReason.Bound }));

        // Written as ISC's print_time writes MAX_TIME, and read back as infinite.
        string block = LeaseFileFormat.Format(h.Leases.Single(), DhcpOptionTable.Standard);
        Assert.That(block, Does.Contain("  renew never;\n").And.Contain("  rebind never;\n").And.Contain("  expire never;\n"));
        var read = LeaseFile.Parse(block, "dhclient.leases", DhcpOptionTable.Standard).Leases.Single();
        Assert.That(read.Expiry, Is.EqualTo(DateTimeOffset.MaxValue));
        Assert.That(read.Renewal, Is.EqualTo(DateTimeOffset.MaxValue));
    }

    [Test]
    public void InfiniteLeaseWithAServerT1RenewsAtT1AndNeverExpires()
    {
        var (m, h) = Create();
        m.Start(T0, null, []);
        Deliver(m, Build(DhcpMessageType.Offer, h.Last.Message, Offered, LeaseTimes.Infinite), T0);
        Deliver(m, Build(DhcpMessageType.Ack, h.Last.Message, Offered, LeaseTimes.Infinite, t1: 3600), T0);
        Assert.That(m.Active!.Renewal, Is.EqualTo(T0.AddSeconds(3600)));
        Assert.That(m.Active.Rebinding, Is.EqualTo(DateTimeOffset.MaxValue));
        Assert.That(m.Active.Expiry, Is.EqualTo(DateTimeOffset.MaxValue));
        Assert.That(m.NextDeadline, Is.EqualTo(T0.AddSeconds(3600)));
        m.OnTimer(T0.AddSeconds(3600));
        Assert.That(m.State, Is.EqualTo(ClientState.Renewing));
        // A silent server for a month: the client keeps asking (backing off to the cutoff) and keeps the address.
        var now = T0.AddSeconds(3600);
        int requests = 0;
        while (now < T0.AddDays(30) && requests < 100_000)
        {
            now = m.NextDeadline!.Value;
            m.OnTimer(now);
            requests++;
        }
        Assert.That(m.State, Is.EqualTo(ClientState.Renewing));
        Assert.That(m.Active!.Address, Is.EqualTo(Offered));
        Assert.That(h.Scripts.Select(s => s.Reason), Does.Not.Contain(ScriptReason.Expire));
    }

    [Test]
    public void HundredDayLeaseRenewsAtT1()
    {
        var (m, h) = Create();
        var lease = BindByDora(m, h, leaseTime: HundredDays);
        Assert.That(lease.Renewal, Is.EqualTo(T0.AddDays(50)));
        Assert.That(lease.Rebinding, Is.EqualTo(T0.AddDays(87.5)));
        Assert.That(lease.Expiry, Is.EqualTo(T0.AddDays(100)));
        Assert.That(m.NextDeadline, Is.EqualTo(T0.AddDays(50)));
        m.OnTimer(T0.AddDays(49));
        Assert.That(m.State, Is.EqualTo(ClientState.Bound));
        m.OnTimer(T0.AddDays(50));
        Assert.That(m.State, Is.EqualTo(ClientState.Renewing));
        Deliver(m, Build(DhcpMessageType.Ack, h.Last.Message, Offered, HundredDays), T0.AddDays(50));
        Assert.That(m.Active!.Expiry, Is.EqualTo(T0.AddDays(150)));
    }

    [TestCase(600u, null, null, 300u, 525u, TestName = "Defaults are 0.5 and 0.875 of the lease")]
    [TestCase(3600u, 1000u, 3000u, 1000u, 3000u, TestName = "Consistent server times are kept")]
    [TestCase(600u, 400u, 300u, 225u, 300u, TestName = "T1 past T2 becomes 0.75 T2")]
    [TestCase(600u, 300u, 300u, 225u, 300u, TestName = "T1 equal to T2 becomes 0.75 T2")]
    [TestCase(600u, 100u, 600u, 100u, 525u, TestName = "T2 at the lease end becomes 0.875 of the lease")]
    [TestCase(600u, 700u, 800u, 393u, 525u, TestName = "T1 and T2 past the lease end are both replaced")]
    [TestCase(1000u, uint.MaxValue, uint.MaxValue, 656u, 875u, TestName = "Infinite T1 and T2 on a finite lease are replaced")]
    [TestCase(600u, 0u, 0u, 300u, 525u, TestName = "Zero T1 and T2 count as absent")]
    [TestCase(uint.MaxValue, null, null, uint.MaxValue, uint.MaxValue, TestName = "Infinite lease: never renew, never rebind")]
    [TestCase(uint.MaxValue, 3600u, null, 3600u, uint.MaxValue, TestName = "Infinite lease with T1 renews and never rebinds")]
    [TestCase(uint.MaxValue, null, 7200u, 5400u, 7200u, TestName = "Infinite lease with T2 only")]
    [TestCase(uint.MaxValue - 1, null, null, 2147483647u, 3758096382u, TestName = "Longest finite lease")]
    [TestCase(1u, null, null, 1u, 1u, TestName = "One-second lease renews no sooner than after one second")]
    public void LeaseTimesAreMadeConsistentAsIscDoes(uint lease, uint? t1, uint? t2, uint renewal, uint rebinding)
    {
        var times = LeaseTimes.From(lease, t1, t2);
        Assert.That(times, Is.EqualTo(new LeaseTimes(renewal, rebinding, lease)));
        Assert.That(LeaseTimes.After(T0, times.Lease), Is.GreaterThanOrEqualTo(LeaseTimes.After(T0, times.Rebinding)));
        Assert.That(LeaseTimes.After(T0, times.Rebinding), Is.GreaterThanOrEqualTo(LeaseTimes.After(T0, times.Renewal)));
    }

    [Test]
    public void LeaseTimeZeroIsNoLease() =>
        Assert.That(() => LeaseTimes.From(0, null, null), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public void LeaseTimeZeroServerGetsFewerMessagesIn6SecondsThanIsc()
    {
        var (m, h) = Create();
        var sent = Converse(m, h, r => Answer(r, leaseTime: 0), TimeSpan.FromSeconds(6));
        TestContext.Out.WriteLine(string.Join('\n', h.Lines));
        // ISC dhclient 4.4.3 sends 5 (DISCOVER, REQUEST, then DISCOVERs with its reject list); the unfixed client sent 46,000+.
        Assert.That(sent, Has.Count.LessThanOrEqualTo(5));
        Assert.That(sent.Count(s => s.MessageType == DhcpMessageType.Request), Is.EqualTo(1), "the quenched server is not asked again");
        Assert.That(h.Lines, Does.Contain("no expiry time on offered lease."));
        Assert.That(h.Lines, Does.Contain("Server 198.18.0.1 added to list of rejected servers for 300 seconds."));
        Assert.That(h.Lines, Has.Some.StartsWith("DHCPOFFER from 198.18.0.1 rejected: server 198.18.0.1 is on the list of rejected servers"));
        Assert.That(h.Scripts.Select(s => s.Reason), Does.Not.Contain(ScriptReason.Bound));
        Assert.That(h.Leases, Is.Empty);
    }

    [Test]
    public void LeaseTimeZeroServerStaysQuietForAnHourAndIsUsedAgainOnceMended()
    {
        var (m, h) = Create();
        var sent = Converse(m, h, r => Answer(r, leaseTime: 0), TimeSpan.FromHours(1));
        TestContext.Out.WriteLine($"{sent.Count} messages in an hour");
        Assert.That(sent, Has.Count.LessThanOrEqualTo(100), "an hour of a lease-0 server");
        Assert.That(m.State, Is.Not.EqualTo(ClientState.Bound));
        // The server is fixed: the quench has lapsed, and the client binds on its next attempt.
        var more = Converse(m, h, r => Answer(r, leaseTime: 600), TimeSpan.FromMinutes(15), from: T0.AddHours(1));
        Assert.That(m.State, Is.EqualTo(ClientState.Bound), string.Join('\n', h.Lines.TakeLast(20)));
        Assert.That(more, Is.Not.Empty);
    }

    [Test]
    public void LeaseTimeZeroFromOneServerMakesTheClientTakeAnotherServersOffer()
    {
        var (m, h) = Create();
        var good = IPv4Address.Parse("198.18.0.2");
        var goodAddress = IPv4Address.Parse("198.18.0.101");
        m.Start(T0, null, []);
        var now = T0;
        for (int round = 0; round < 4 && m.State != ClientState.Bound; round++)
        {
            var discover = h.Last.Message;
            Assert.That(discover.MessageType, Is.EqualTo(DhcpMessageType.Discover));
            // The broken server is always first to answer.
            m.OnMessage(Parse(Build(DhcpMessageType.Offer, discover, Offered, 0)), ServerReplies.Server, now);
            m.OnMessage(Parse(Build(DhcpMessageType.Offer, discover, goodAddress, 600, serverId: good)), good, now);
            if (m.State == ClientState.Requesting)
            {
                var request = h.Last.Message;
                bool toBad = request.TryGetServerIdentifier(out var sid) && sid == ServerReplies.Server;
                var ack = toBad ? Build(DhcpMessageType.Ack, request, Offered, 0) : Build(DhcpMessageType.Ack, request, goodAddress, 600, serverId: good);
                m.OnMessage(Parse(ack), toBad ? ServerReplies.Server : good, now);
            }
            while (m.State is ClientState.Init) m.OnTimer(now = m.NextDeadline!.Value);
        }
        Assert.That(m.State, Is.EqualTo(ClientState.Bound));
        Assert.That(m.Active!.Address, Is.EqualTo(goodAddress));
        Assert.That(now - T0, Is.LessThan(TimeSpan.FromSeconds(2)));
    }

    [Test]
    public void ServerNakingEveryRequestIsAskedWithBackoffNotInALoop()
    {
        var (m, h) = Create(new ClientSettings { Timeout = 3600 });
        var sent = Converse(m, h, r => Answer(r, 600, nak: true), TimeSpan.FromSeconds(60));
        TestContext.Out.WriteLine(string.Join('\n', h.Lines));
        // DISCOVER+REQUEST at 0, again at once (a NAK after a move is normal), then after 4, 8, 16, 32 s (±1 s).
        Assert.That(sent, Has.Count.InRange(8, 14));
        var (m6, h6) = Create(new ClientSettings { Timeout = 3600 });
        Assert.That(Converse(m6, h6, r => Answer(r, 600, nak: true), TimeSpan.FromSeconds(6)), Has.Count.LessThanOrEqualTo(6));
    }

    [TestCase("255.255.255.255", "limited broadcast address")]
    [TestCase("0.0.0.0", "unspecified address")]
    [TestCase("0.1.2.3", "'this network' address (0.0.0.0/8)")]
    [TestCase("127.0.0.1", "loopback address")]
    [TestCase("224.0.0.1", "multicast address")]
    [TestCase("239.255.255.250", "multicast address")]
    [TestCase("240.0.0.1", "reserved class E address")]
    [TestCase("198.18.0.0", "network address of its subnet (mask 255.255.255.0)")]
    [TestCase("198.18.0.255", "broadcast address of its subnet (mask 255.255.255.0)")]
    public void UnusableOfferIsRefusedAndLogged(string address, string problem)
    {
        var (m, h) = Create();
        m.Start(T0, null, []);
        Deliver(m, Build(DhcpMessageType.Offer, h.Last.Message, IPv4Address.Parse(address)), T0);
        Assert.That(m.State, Is.EqualTo(ClientState.Selecting));
        Assert.That(h.Packets, Has.Count.EqualTo(1), "no REQUEST");
        Assert.That(h.Lines[^1], Is.EqualTo($"DHCPOFFER of {address} from 198.18.0.1: unusable address ({problem})."));
        // A good offer in the same round is still taken.
        Deliver(m, Build(DhcpMessageType.Offer, h.Last.Message, Offered), T0);
        Assert.That(m.State, Is.EqualTo(ClientState.Requesting));
    }

    [TestCase("255.255.255.255", "limited broadcast address")]
    [TestCase("127.0.0.1", "loopback address")]
    [TestCase("224.0.0.1", "multicast address")]
    [TestCase("240.0.0.1", "reserved class E address")]
    [TestCase("198.18.0.0", "network address of its subnet (mask 255.255.255.0)")]
    [TestCase("198.18.0.255", "broadcast address of its subnet (mask 255.255.255.0)")]
    public void UnusableAckIsDeclinedAndTheClientStartsOverAfterTenSeconds(string address, string problem)
    {
        var (m, h) = Create();
        m.Start(T0, null, []);
        Deliver(m, Build(DhcpMessageType.Offer, h.Last.Message, Offered), T0);
        var request = h.Last.Message;
        Deliver(m, Build(DhcpMessageType.Ack, request, IPv4Address.Parse(address)), T0);

        Assert.That(h.Lines, Does.Contain($"DHCPACK of {address} from 198.18.0.1: unusable address ({problem})."));
        var decline = h.Last.Message;
        Assert.That(decline.MessageType, Is.EqualTo(DhcpMessageType.Decline));
        Assert.That(decline.TryGetRequestedAddress(out var declined) && declined == IPv4Address.Parse(address), Is.True);
        Assert.That(decline.TryGetServerIdentifier(out var sid) && sid == ServerReplies.Server, Is.True);
        Assert.That(h.Lines, Does.Contain($"DHCPDECLINE of {address} on ib1 to 255.255.255.255 port 67"));
        Assert.That(h.Scripts.Select(s => s.Reason), Is.EqualTo(new[] { ScriptReason.Preinit }), "the script never sees the address");
        Assert.That(h.Leases, Is.Empty);
        Assert.That(m.Active, Is.Null);
        Assert.That(m.State, Is.EqualTo(ClientState.Init));
        Assert.That(m.NextDeadline!.Value - T0, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(10)));

        int before = h.Packets.Count;
        m.OnTimer(m.NextDeadline!.Value);
        Assert.That(h.Packets, Has.Count.EqualTo(before + 1));
        Assert.That(h.Last.Message.MessageType, Is.EqualTo(DhcpMessageType.Discover));
    }

    [Test]
    public void UnspecifiedAddressInAnAckIsRefusedWithoutADecline()
    {
        var (m, h) = Create();
        m.Start(T0, null, []);
        Deliver(m, Build(DhcpMessageType.Offer, h.Last.Message, Offered), T0);
        Deliver(m, Build(DhcpMessageType.Ack, h.Last.Message, IPv4Address.Any), T0);
        Assert.That(h.Lines, Does.Contain("DHCPACK of 0.0.0.0 from 198.18.0.1: unusable address (unspecified address)."));
        Assert.That(h.Packets.Select(p => p.Message.MessageType), Does.Not.Contain(DhcpMessageType.Decline));
        Assert.That(h.Scripts.Select(s => s.Reason), Does.Not.Contain(ScriptReason.Bound));
        Assert.That(m.State, Is.EqualTo(ClientState.Init));
    }

    [Test]
    public void ServerThatAlwaysAcksTheBroadcastAddressGetsBoundedTraffic()
    {
        var (m, h) = Create();
        var sent = Converse(m, h, r => Answer(r, 600, yiaddr: IPv4Address.Broadcast), TimeSpan.FromSeconds(6));
        TestContext.Out.WriteLine(string.Join('\n', h.Lines));
        // The OFFER is refused already: only DISCOVERs, at the normal backoff.
        Assert.That(sent.Select(s => s.MessageType), Is.All.EqualTo(DhcpMessageType.Discover));
        Assert.That(sent, Has.Count.LessThanOrEqualTo(3));
        Assert.That(h.Scripts.Select(s => s.Reason), Does.Not.Contain(ScriptReason.Bound));
    }

    [Test]
    public void UnusableAckWhileRenewingKeepsTheLeaseInHand()
    {
        var (m, h) = Create();
        var lease = BindByDora(m, h);
        m.OnTimer(lease.Renewal);
        int scripts = h.Scripts.Count;
        Deliver(m, Build(DhcpMessageType.Ack, h.Last.Message, IPv4Address.Parse("127.0.0.1")), lease.Renewal);
        Deliver(m, Build(DhcpMessageType.Ack, h.Last.Message, Offered, leaseTime: 0), lease.Renewal);
        Assert.That(m.State, Is.EqualTo(ClientState.Renewing));
        Assert.That(m.Active, Is.SameAs(lease));
        Assert.That(h.Scripts, Has.Count.EqualTo(scripts));
        Assert.That(h.Packets.Select(p => p.Message.MessageType), Does.Not.Contain(DhcpMessageType.Decline));
        Assert.That(h.Lines, Does.Contain("keeping the current lease of 198.18.0.100."));
        // A good ACK on the next retransmission renews as usual.
        var retransmit = m.NextDeadline!.Value;
        m.OnTimer(retransmit);
        Deliver(m, Build(DhcpMessageType.Ack, h.Last.Message, Offered), retransmit);
        Assert.That(m.State, Is.EqualTo(ClientState.Bound));
        Assert.That(h.Scripts[^1].Reason, Is.EqualTo(ScriptReason.Renew));
    }

    [TestCase("198.18.0.0", "255.255.255.254", true, TestName = "Both addresses of a /31 are usable (RFC 3021)")]
    [TestCase("198.18.0.1", "255.255.255.255", true, TestName = "A /32 has no network or broadcast address")]
    [TestCase("198.18.0.0", "255.255.0.255", true, TestName = "A non-contiguous mask is not used to judge")]
    [TestCase("198.18.15.255", "255.255.240.0", false, TestName = "Broadcast address of a /20")]
    [TestCase("198.18.1.10", "255.255.240.0", true, TestName = "Host address of a /20")]
    [TestCase("10.0.0.0", null, true, TestName = "Without a mask, a .0 address may be a host")]
    [TestCase("223.255.255.254", null, true, TestName = "Highest unicast address")]
    public void AssignableAddressUsesTheSubnetMaskWhenItCan(string address, string? mask, bool usable)
    {
        var problem = AssignableAddress.Problem(IPv4Address.Parse(address), mask is null ? null : IPv4Address.Parse(mask));
        Assert.That(problem is null, Is.EqualTo(usable), problem);
    }
}
