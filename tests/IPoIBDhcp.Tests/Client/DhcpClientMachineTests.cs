using IPoIBDhcp.Client.Config;
using IPoIBDhcp.Client.Leases;
using IPoIBDhcp.Client.Protocol;
using IPoIBDhcp.Client.Script;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;
using static IPoIBDhcp.Tests.Client.ServerReplies;

namespace IPoIBDhcp.Tests.Client;

public class DhcpClientMachineTests
{
    // ConnectX port GUID 0002:c903:0000:1039 behind QPN 0x000048, as the seed example.
    internal static readonly LinkAddress IbAddress = LinkAddress.FromIPoIB(
        IPoIBHardwareAddress.Parse("80:00:00:48:fe:80:00:00:00:00:00:00:00:02:c9:03:00:00:10:39"));
    internal static readonly ClientIdentifier FlexBootId = ClientIdentifier.FlexBoot(new PortGuid(0x0002c90300001039));
    internal static readonly DateTimeOffset T0 = new(2024, 1, 16, 10, 0, 0, TimeSpan.Zero);

    internal static (DhcpClientMachine Machine, RecordingHost Host) Create(ClientSettings? settings = null, ClientLink? link = null,
        ClientIdentifier? id = null, int seed = 1, bool oneTry = false, bool noId = false)
    {
        link ??= new ClientLink("ib1", LinkType.InfiniBand, IbAddress, 2044);
        settings ??= new ClientSettings();
        var host = new RecordingHost();
        var builder = new ClientMessageBuilder(link, settings, noId ? null : id ?? FlexBootId, "node17");
        return (new DhcpClientMachine(link, settings, builder, host, new Random(seed), oneTry), host);
    }

    internal static void Deliver(DhcpClientMachine m, byte[] reply, DateTimeOffset now) => m.OnMessage(Parse(reply), ServerReplies.Server, now);

    internal static ClientLease BindByDora(DhcpClientMachine m, RecordingHost h, uint leaseTime = 600)
    {
        m.Start(T0, null, []);
        Deliver(m, Build(DhcpMessageType.Offer, h.Last.Message, Offered, leaseTime), T0);
        Deliver(m, Build(DhcpMessageType.Ack, h.Last.Message, Offered, leaseTime), T0);
        Assert.That(m.State, Is.EqualTo(ClientState.Bound));
        return m.Active!;
    }

    [Test]
    public void DoraOnIPoIBUsesRfc4390FramingAndBinds()
    {
        var (m, h) = Create(new ClientSettings().WithSend(new SentOption(DhcpOptionCode.HostName, [], FromHostName: true)));
        m.Start(T0, null, []);
        Assert.That(h.Scripts[0].Reason, Is.EqualTo(ScriptReason.Preinit));
        var discover = h.Last.Message;
        Assert.That(discover.MessageType, Is.EqualTo(DhcpMessageType.Discover));
        Assert.That(discover.HardwareType, Is.EqualTo(32));               // htype InfiniBand
        Assert.That(discover.HardwareAddressLength, Is.EqualTo(0));       // hlen 0
        Assert.That(discover.Raw.Slice(BootpFieldLocations.ChAddr, 16).ToArray(), Is.All.EqualTo(0)); // chaddr zero
        Assert.That(discover.IsBroadcast, Is.True);                        // broadcast flag
        Assert.That(discover.ClientIdentifier.ToArray(), Is.EqualTo(FlexBootId.Span.ToArray()));
        Assert.That(discover.TryGetMaxMessageSize(out ushort max) && max == 2044, Is.True); // option 57 = MTU
        Assert.That(discover.ParameterRequestList.ToArray(), Is.EqualTo(new byte[] { 1, 28, 2, 3, 15, 6, 12 }));
        Assert.That(discover.GetOption(DhcpOptionCode.HostName).ToArray(), Is.EqualTo("node17"u8.ToArray()));
        Assert.That(h.Last.Target, Is.EqualTo(LinkTarget.Broadcast));
        Assert.That(h.Last.Endpoints, Is.EqualTo(new DatagramEndpoints(IPv4Address.Any, 68, IPv4Address.Broadcast, 67)));

        Deliver(m, Build(DhcpMessageType.Offer, discover, Offered), T0.AddSeconds(1));
        var request = h.Last.Message;
        Assert.That(request.MessageType, Is.EqualTo(DhcpMessageType.Request));
        Assert.That(request.TransactionId, Is.EqualTo(discover.TransactionId));
        Assert.That(request.TryGetRequestedAddress(out var req) && req == Offered, Is.True);
        Assert.That(request.TryGetServerIdentifier(out var sid) && sid == ServerReplies.Server, Is.True);
        Assert.That(request.ClientAddress, Is.EqualTo(IPv4Address.Any));
        Assert.That(request.HardwareType, Is.EqualTo(32));
        Assert.That(request.IsBroadcast, Is.True);

        Deliver(m, Build(DhcpMessageType.Ack, request, Offered, leaseTime: 600), T0.AddSeconds(1));
        Assert.That(m.State, Is.EqualTo(ClientState.Bound));
        Assert.That(m.Active!.Address, Is.EqualTo(Offered));
        Assert.That(m.Active.Renewal, Is.EqualTo(T0.AddSeconds(301)));   // T1 = 0.5 * 600
        Assert.That(m.Active.Rebinding, Is.EqualTo(T0.AddSeconds(526))); // T2 = 0.875 * 600
        Assert.That(m.Active.Expiry, Is.EqualTo(T0.AddSeconds(601)));
        Assert.That(m.NextDeadline, Is.EqualTo(T0.AddSeconds(301)));
        Assert.That(h.Scripts[^1].Reason, Is.EqualTo(ScriptReason.Bound));
        Assert.That(h.Scripts[^1].Old, Is.Null);
        Assert.That(h.Leases.Single().Options[61], Is.EqualTo(FlexBootId.Span.ToArray()));
        Assert.That(h.Lines, Is.EqualTo(new[]
        {
            "DHCPDISCOVER on ib1 to 255.255.255.255 port 67 interval 4",
            "DHCPOFFER of 198.18.0.100 from 198.18.0.1",
            "DHCPREQUEST for 198.18.0.100 on ib1 to 255.255.255.255 port 67",
            "DHCPACK of 198.18.0.100 from 198.18.0.1",
            "bound to 198.18.0.100 -- renewal in 300 seconds.",
        }));
    }

    [Test]
    public void ServerTimesOptions58And59AreUsedWhenSent()
    {
        var (m, h) = Create();
        m.Start(T0, null, []);
        Deliver(m, Build(DhcpMessageType.Offer, h.Last.Message, Offered), T0);
        Deliver(m, Build(DhcpMessageType.Ack, h.Last.Message, Offered, leaseTime: 3600, t1: 1000, t2: 3000), T0);
        Assert.That((m.Active!.Renewal - T0).TotalSeconds, Is.EqualTo(1000));
        Assert.That((m.Active.Rebinding - T0).TotalSeconds, Is.EqualTo(3000));
        Assert.That(h.Lines[^1], Is.EqualTo("bound to 198.18.0.100 -- renewal in 1000 seconds."));
    }

    [Test]
    public void RenewAtT1IsUnicastToTheServerFromTheLeasedAddress()
    {
        var (m, h) = Create();
        var lease = BindByDora(m, h);
        int before = h.Packets.Count;
        m.OnTimer(lease.Renewal);
        Assert.That(m.State, Is.EqualTo(ClientState.Renewing));
        Assert.That(h.Packets, Has.Count.EqualTo(before + 1));
        var renew = h.Last.Message;
        Assert.That(renew.MessageType, Is.EqualTo(DhcpMessageType.Request));
        Assert.That(renew.ClientAddress, Is.EqualTo(Offered));            // ciaddr = leased address
        Assert.That(renew.HasOption(DhcpOptionCode.RequestedAddress), Is.False);
        Assert.That(renew.HasOption(DhcpOptionCode.ServerIdentifier), Is.False);
        Assert.That(h.Last.Target, Is.EqualTo(LinkTarget.Routed));       // unicast through the IP layer
        Assert.That(h.Last.Endpoints, Is.EqualTo(new DatagramEndpoints(Offered, 68, ServerReplies.Server, 67)));
        Assert.That(h.Lines[^1], Is.EqualTo("DHCPREQUEST for 198.18.0.100 on ib1 to 198.18.0.1 port 67"));

        var ackAt = lease.Renewal.AddSeconds(2);
        Deliver(m, Build(DhcpMessageType.Ack, renew, Offered, leaseTime: 600), ackAt);
        Assert.That(m.State, Is.EqualTo(ClientState.Bound));
        var (reason, old, @new) = h.Scripts[^1];
        Assert.That(reason, Is.EqualTo(ScriptReason.Renew));
        Assert.That(old!.Expiry, Is.EqualTo(lease.Expiry));
        Assert.That(@new!.Expiry, Is.EqualTo(ackAt.AddSeconds(600)));
    }

    [Test]
    public void SilentServerLeadsToRebindAtT2ByBroadcastThenExpiry()
    {
        var (m, h) = Create();
        var lease = BindByDora(m, h);
        var now = lease.Renewal;
        m.OnTimer(now);
        var renewSends = new List<DateTimeOffset> { now };
        while (m.State == ClientState.Renewing)
        {
            now = m.NextDeadline!.Value;
            int count = h.Packets.Count;
            m.OnTimer(now);
            if (m.State == ClientState.Renewing && h.Packets.Count > count) renewSends.Add(now);
        }
        Assert.That(m.State, Is.EqualTo(ClientState.Rebinding));
        Assert.That(now, Is.EqualTo(lease.Rebinding));
        Assert.That(renewSends.All(t => t < lease.Rebinding), Is.True);
        var rebind = h.Last;
        Assert.That(rebind.Message.ClientAddress, Is.EqualTo(Offered));
        Assert.That(rebind.Target, Is.EqualTo(LinkTarget.Broadcast));
        Assert.That(rebind.Endpoints, Is.EqualTo(new DatagramEndpoints(Offered, 68, IPv4Address.Broadcast, 67)));
        Assert.That(rebind.Message.HasOption(DhcpOptionCode.ServerIdentifier), Is.False);

        while (m.State == ClientState.Rebinding)
        {
            now = m.NextDeadline!.Value;
            m.OnTimer(now);
        }
        Assert.That(now, Is.EqualTo(lease.Expiry));
        Assert.That(h.Scripts.Select(s => s.Reason).TakeLast(2), Is.EqualTo(new[] { ScriptReason.Expire, ScriptReason.Preinit }));
        Assert.That(h.Scripts[^2].Old!.Address, Is.EqualTo(Offered));
        Assert.That(m.Active, Is.Null);
        Assert.That(m.State, Is.EqualTo(ClientState.Selecting));
        Assert.That(h.Last.Message.MessageType, Is.EqualTo(DhcpMessageType.Discover));
        Assert.That(h.Last.Message.TryGetRequestedAddress(out var asked) && asked == Offered, Is.True);
    }

    [Test]
    public void RebindAckRunsTheRebindScript()
    {
        var (m, h) = Create();
        var lease = BindByDora(m, h);
        m.OnTimer(lease.Renewal);
        m.OnTimer(lease.Rebinding);
        Assert.That(m.State, Is.EqualTo(ClientState.Rebinding));
        Deliver(m, Build(DhcpMessageType.Ack, h.Last.Message, Offered, serverId: IPv4Address.Parse("198.18.0.2")), lease.Rebinding);
        Assert.That(h.Scripts[^1].Reason, Is.EqualTo(ScriptReason.Rebind));
        Assert.That(m.Active!.ServerIdentifier, Is.EqualTo(IPv4Address.Parse("198.18.0.2")));
    }

    [Test]
    public void NakWhileRequestingGoesBackToInitWithANewTransaction()
    {
        var (m, h) = Create();
        m.Start(T0, null, []);
        Deliver(m, Build(DhcpMessageType.Offer, h.Last.Message, Offered), T0);
        uint oldXid = m.TransactionId;
        Deliver(m, Build(DhcpMessageType.Nak, h.Last.Message, Offered), T0.AddSeconds(1));
        Assert.That(m.State, Is.EqualTo(ClientState.Selecting));
        Assert.That(h.Last.Message.MessageType, Is.EqualTo(DhcpMessageType.Discover));
        Assert.That(m.TransactionId, Is.Not.EqualTo(oldXid));
        Assert.That(h.Lines, Does.Contain("DHCPNAK from 198.18.0.1"));
        Assert.That(h.Scripts.Select(s => s.Reason), Does.Not.Contain(ScriptReason.Expire));
    }

    [Test]
    public void NakWhileRenewingExpiresTheLeaseThroughTheScript()
    {
        var (m, h) = Create();
        var lease = BindByDora(m, h);
        m.OnTimer(lease.Renewal);
        Deliver(m, Build(DhcpMessageType.Nak, h.Last.Message, Offered), lease.Renewal);
        Assert.That(h.Scripts.Select(s => s.Reason).TakeLast(2), Is.EqualTo(new[] { ScriptReason.Expire, ScriptReason.Preinit }));
        Assert.That(m.Active, Is.Null);
        Assert.That(m.State, Is.EqualTo(ClientState.Selecting));
    }

    [Test]
    public void RepliesForAnotherTransactionOrIdentityAreDropped()
    {
        var (m, h) = Create();
        m.Start(T0, null, []);
        var discover = h.Last.Message;
        var wrongXid = Build(DhcpMessageType.Offer, discover, Offered);
        wrongXid[BootpFieldLocations.Xid] ^= 0xff;
        Deliver(m, wrongXid, T0);
        var otherId = ServerReplies.Parse(Build(DhcpMessageType.Offer, discover, Offered, echoClientId: false));
        // Same xid, but the server echoes a different client identifier (RFC 6842): not for us.
        var buffer = new byte[576];
        var w = new DhcpMessageWriter(buffer) { Op = BootpOpCode.BootReply, HardwareType = 32, TransactionId = discover.TransactionId, YourAddress = Offered };
        w.WriteMessageType(DhcpMessageType.Offer);
        w.WriteOption(DhcpOptionCode.ServerIdentifier, ServerReplies.Server);
        w.WriteOption(DhcpOptionCode.ClientIdentifier, ClientIdentifier.InfiniBandGuid(new PortGuid(1)).Span);
        Deliver(m, buffer[..w.Finish()], T0);
        Assert.That(m.State, Is.EqualTo(ClientState.Selecting));
        Assert.That(h.Packets, Has.Count.EqualTo(1));
        // Without an echo (ISC dhcpd 4.4) the offer is taken by xid.
        m.OnMessage(otherId, ServerReplies.Server, T0);
        Assert.That(m.State, Is.EqualTo(ClientState.Requesting));
    }

    [Test]
    public void InitRebootRequestsTheSavedAddressAndRunsReboot()
    {
        var (m, h) = Create();
        var saved = new ClientLease { Interface = "ib1", Address = Offered, Renewal = T0.AddHours(1), Rebinding = T0.AddHours(2), Expiry = T0.AddHours(3) };
        saved.Options[54] = [198, 18, 0, 1];
        m.Start(T0, saved, []);
        Assert.That(m.State, Is.EqualTo(ClientState.Rebooting));
        var request = h.Last.Message;
        Assert.That(request.MessageType, Is.EqualTo(DhcpMessageType.Request));
        Assert.That(request.TryGetRequestedAddress(out var asked) && asked == Offered, Is.True);
        Assert.That(request.HasOption(DhcpOptionCode.ServerIdentifier), Is.False); // INIT-REBOOT: no server id
        Assert.That(request.ClientAddress, Is.EqualTo(IPv4Address.Any));
        Assert.That(h.Last.Target, Is.EqualTo(LinkTarget.Broadcast));
        Deliver(m, Build(DhcpMessageType.Ack, request, Offered), T0.AddSeconds(1));
        Assert.That(h.Scripts[^1].Reason, Is.EqualTo(ScriptReason.Reboot));
        Assert.That(h.Scripts[^1].Old, Is.Null);
        Assert.That(m.State, Is.EqualTo(ClientState.Bound));
    }

    [Test]
    public void InitRebootGivesUpAfterTheRebootTimeoutAndDiscoversAskingForTheSavedAddress()
    {
        var (m, h) = Create();
        var saved = new ClientLease { Interface = "ib1", Address = Offered, Renewal = T0.AddHours(1), Rebinding = T0.AddHours(2), Expiry = T0.AddHours(3) };
        m.Start(T0, saved, []);
        var now = T0;
        while (m.State == ClientState.Rebooting)
        {
            now = m.NextDeadline!.Value;
            m.OnTimer(now);
        }
        Assert.That((now - T0).TotalSeconds, Is.GreaterThan(10).And.LessThanOrEqualTo(10.001));
        Assert.That(h.Last.Message.MessageType, Is.EqualTo(DhcpMessageType.Discover));
        Assert.That(h.Last.Message.TryGetRequestedAddress(out var asked) && asked == Offered, Is.True);
    }

    [Test]
    public void ExpiredSavedLeaseStartsAtInit()
    {
        var (m, h) = Create();
        var saved = new ClientLease { Interface = "ib1", Address = Offered, Expiry = T0.AddSeconds(-1) };
        m.Start(T0, saved, []);
        Assert.That(m.State, Is.EqualTo(ClientState.Selecting));
        Assert.That(h.Last.Message.HasOption(DhcpOptionCode.RequestedAddress), Is.False);
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(42)]
    public void DiscoverRetransmissionsDoubleFromInitialIntervalToTheCutoffWithinOneSecondOfJitter(int seed)
    {
        var (m, h) = Create(new ClientSettings { Timeout = 400, BackoffCutoff = 64, InitialInterval = 4 }, seed: seed);
        m.Start(T0, null, []);
        var sends = new List<DateTimeOffset> { T0 };
        var now = T0;
        while (m.State == ClientState.Selecting && sends.Count < 8)
        {
            now = m.NextDeadline!.Value;
            int count = h.Packets.Count;
            m.OnTimer(now);
            if (h.Packets.Count > count) sends.Add(now);
        }
        double[] expected = [4, 8, 16, 32, 64, 64, 64];
        var gaps = sends.Zip(sends.Skip(1), (a, b) => (b - a).TotalSeconds).ToArray();
        Assert.That(gaps, Has.Length.EqualTo(7));
        for (int i = 0; i < gaps.Length; i++)
            Assert.That(gaps[i], Is.InRange(expected[i] - 1, expected[i] + 1), $"gap {i}");
        Assert.That(gaps.Select((g, i) => g - expected[i]).Distinct().Count(), Is.GreaterThan(1), "jitter varies");
        Assert.That(h.Lines.Where(l => l.StartsWith("DHCPDISCOVER")).Select(l => l.Split(' ')[^1]),
            Is.EqualTo(new[] { "4", "8", "16", "32", "64", "64", "64", "64" }));
        // secs counts from the first DISCOVER.
        Assert.That(h.Last.Message.Seconds, Is.EqualTo((ushort)(sends[^1] - T0).TotalSeconds));
    }

    [Test]
    public void SelectTimeoutCollectsOffersAndPrefersThePreviouslyHeldAddress()
    {
        var (m, h) = Create(new ClientSettings { SelectTimeout = 3 });
        var held = IPv4Address.Parse("198.18.0.7");
        var saved = new ClientLease { Interface = "ib1", Address = held, Renewal = T0.AddHours(1), Rebinding = T0.AddHours(2), Expiry = T0.AddHours(3) };
        m.Start(T0, saved, []);
        var now = T0;
        while (m.State == ClientState.Rebooting) m.OnTimer(now = m.NextDeadline!.Value);
        var discover = h.Last.Message;
        Assert.That(discover.TryGetRequestedAddress(out var asked) && asked == held, Is.True);
        int sent = h.Packets.Count;
        Deliver(m, Build(DhcpMessageType.Offer, discover, Offered), now.AddSeconds(1));
        Deliver(m, Build(DhcpMessageType.Offer, discover, held, serverId: IPv4Address.Parse("198.18.0.2")), now.AddSeconds(2));
        Assert.That(m.State, Is.EqualTo(ClientState.Selecting));
        Assert.That(m.NextDeadline, Is.EqualTo(now.AddSeconds(3)));
        Assert.That(h.Packets, Has.Count.EqualTo(sent)); // no DISCOVER while collecting offers
        m.OnTimer(now.AddSeconds(3));
        var request = h.Last.Message;
        Assert.That(request.TryGetRequestedAddress(out var picked) && picked == held, Is.True);
        Assert.That(request.TryGetServerIdentifier(out var sid) && sid == IPv4Address.Parse("198.18.0.2"), Is.True);
    }

    [Test]
    public void RequiredOptionsFilterOffers()
    {
        var (m, h) = Create(new ClientSettings { Require = [DhcpOptionCode.DomainNameServers] });
        m.Start(T0, null, []);
        Deliver(m, Build(DhcpMessageType.Offer, h.Last.Message, Offered), T0);
        Assert.That(m.State, Is.EqualTo(ClientState.Selecting));
        Assert.That(h.Lines[^1], Is.EqualTo("DHCPOFFER of 198.18.0.100 from 198.18.0.1: no domain-name-servers option."));
    }

    [Test]
    public void TimeoutFallsBackToAValidConfiguredLease()
    {
        var (m, h) = Create(new ClientSettings { Timeout = 10 });
        var fallback = new ClientLease { Interface = "ib1", Address = IPv4Address.Parse("198.18.0.50"), IsStatic = true,
            Renewal = T0.AddDays(1), Rebinding = T0.AddDays(2), Expiry = T0.AddDays(3) };
        var stale = new ClientLease { Address = IPv4Address.Parse("198.18.0.51"), IsStatic = true, Expiry = T0.AddDays(-1) };
        m.Start(T0, null, [stale, fallback]);
        while (m.State == ClientState.Selecting) m.OnTimer(m.NextDeadline!.Value);
        Assert.That(m.State, Is.EqualTo(ClientState.Bound));
        Assert.That(m.Active, Is.SameAs(fallback));
        Assert.That(h.Scripts[^1].Reason, Is.EqualTo(ScriptReason.Timeout));
        Assert.That(h.Scripts[^1].New, Is.SameAs(fallback));
        Assert.That(h.Lines, Does.Contain("No DHCPOFFERS received."));
        Assert.That(h.Lines, Does.Contain("Trying recorded lease 198.18.0.50"));
        Assert.That(h.Lines, Does.Not.Contain("Trying recorded lease 198.18.0.51"));
        Assert.That(h.Leases, Is.Empty); // static leases are never written to the lease file
    }

    [Test]
    public void TimeoutWithoutAUsableLeaseFailsAndRetriesLater()
    {
        var (m, h) = Create(new ClientSettings { Timeout = 10, Retry = 60 });
        m.Start(T0, null, []);
        while (m.State == ClientState.Selecting) m.OnTimer(m.NextDeadline!.Value);
        Assert.That(m.State, Is.EqualTo(ClientState.Init));
        Assert.That(h.Scripts[^1].Reason, Is.EqualTo(ScriptReason.Fail));
        var retryIn = (m.NextDeadline!.Value - T0).TotalSeconds;
        Assert.That(retryIn, Is.InRange(10 + 30, 10 + 91));
        m.OnTimer(m.NextDeadline!.Value);
        Assert.That(m.State, Is.EqualTo(ClientState.Selecting));
        Assert.That(h.Last.Message.MessageType, Is.EqualTo(DhcpMessageType.Discover));
    }

    [Test]
    public void OneTryExitsWithTwoWhenNoLeaseIsFound()
    {
        var (m, h) = Create(new ClientSettings { Timeout = 10 }, oneTry: true);
        m.Start(T0, null, []);
        while (m.State == ClientState.Selecting) m.OnTimer(m.NextDeadline!.Value);
        Assert.That(m.ExitCode, Is.EqualTo(2));
        Assert.That(m.State, Is.EqualTo(ClientState.Stopped));
        Assert.That(m.NextDeadline, Is.Null);
        Assert.That(h.Lines[^1], Is.EqualTo("Unable to obtain a lease on first try.  Exiting."));
    }

    [Test]
    public void ScriptRejectingTheAddressSendsDecline()
    {
        var (m, h) = Create();
        h.ScriptResult = r => r == ScriptReason.Bound ? 1 : 0;
        m.Start(T0, null, []);
        Deliver(m, Build(DhcpMessageType.Offer, h.Last.Message, Offered), T0);
        Deliver(m, Build(DhcpMessageType.Ack, h.Last.Message, Offered), T0);
        var decline = h.Last.Message;
        Assert.That(decline.MessageType, Is.EqualTo(DhcpMessageType.Decline));
        Assert.That(decline.TryGetRequestedAddress(out var a) && a == Offered, Is.True);
        Assert.That(decline.TryGetServerIdentifier(out var s) && s == ServerReplies.Server, Is.True);
        Assert.That(decline.ClientAddress, Is.EqualTo(IPv4Address.Any));
        Assert.That(h.Leases, Is.Empty);
        // RFC 2131 section 3.1 step 5: at least ten seconds before starting over.
        Assert.That(m.State, Is.EqualTo(ClientState.Init));
        Assert.That(m.NextDeadline, Is.EqualTo(T0.AddSeconds(10)));
        m.OnTimer(T0.AddSeconds(10));
        Assert.That(h.Last.Message.MessageType, Is.EqualTo(DhcpMessageType.Discover));
    }

    [Test]
    public void EthernetFramingCarriesTheMacAndNoBroadcastFlag()
    {
        var mac = new LinkAddress([0x52, 0x54, 0x00, 0x12, 0x34, 0x56]);
        var (m, h) = Create(link: new ClientLink("eth0", LinkType.Ethernet, mac, 1500), noId: true);
        m.Start(T0, null, []);
        var discover = h.Last.Message;
        Assert.That(discover.HardwareType, Is.EqualTo(1));
        Assert.That(discover.HardwareAddressLength, Is.EqualTo(6));
        Assert.That(discover.ClientHardwareAddress.ToArray(), Is.EqualTo(new byte[] { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 }));
        Assert.That(discover.IsBroadcast, Is.False);
        Assert.That(discover.HasOption(DhcpOptionCode.ClientIdentifier), Is.False);
        Assert.That(discover.TryGetMaxMessageSize(out ushort max) && max == 1500, Is.True);
        // A reply for another MAC is not ours.
        var reply = Build(DhcpMessageType.Offer, discover, Offered);
        reply[BootpFieldLocations.ChAddr + 5] ^= 1;
        Deliver(m, reply, T0);
        Assert.That(m.State, Is.EqualTo(ClientState.Selecting));
        Deliver(m, Build(DhcpMessageType.Offer, discover, Offered), T0);
        Assert.That(m.State, Is.EqualTo(ClientState.Requesting));
    }

    [Test]
    public void IPoIBWithoutAClientIdentifierIsRefused()
    {
        var link = new ClientLink("ib1", LinkType.InfiniBand, IbAddress, 2044);
        Assert.Throws<ArgumentException>(() => new ClientMessageBuilder(link, new ClientSettings(), null, null));
    }

    [Test]
    public void ReleaseUnicastsToTheServerAndEndsTheLeaseInTheFile()
    {
        var (m, h) = Create();
        var lease = BindByDora(m, h);
        var at = T0.AddSeconds(30);
        m.Release(at, null);
        var release = h.Last.Message;
        Assert.That(release.MessageType, Is.EqualTo(DhcpMessageType.Release));
        Assert.That(release.ClientAddress, Is.EqualTo(Offered));
        Assert.That(release.TryGetServerIdentifier(out var s) && s == ServerReplies.Server, Is.True);
        Assert.That(h.Last.Endpoints, Is.EqualTo(new DatagramEndpoints(Offered, 68, ServerReplies.Server, 67)));
        Assert.That(h.Last.Target, Is.EqualTo(LinkTarget.Routed));
        Assert.That(h.Leases[^1].Expiry, Is.EqualTo(at));
        Assert.That(h.Scripts[^1].Reason, Is.EqualTo(ScriptReason.Release));
        Assert.That(h.Scripts[^1].Old!.Address, Is.EqualTo(lease.Address));
        Assert.That(m.ExitCode, Is.EqualTo(0));
        Assert.That(h.Lines[^1], Is.EqualTo("DHCPRELEASE of 198.18.0.100 on ib1 to 198.18.0.1 port 67"));
    }

    [Test]
    public void StopRunsTheStopScriptWithoutSending()
    {
        var (m, h) = Create();
        var saved = new ClientLease { Interface = "ib1", Address = Offered, Expiry = T0.AddHours(1) };
        m.Stop(T0, saved);
        Assert.That(h.Packets, Is.Empty);
        Assert.That(h.Scripts.Single().Reason, Is.EqualTo(ScriptReason.Stop));
        Assert.That(m.ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void ServerOptionOnTheCommandLineTurnsBroadcastsIntoUnicasts()
    {
        var link = new ClientLink("ib1", LinkType.InfiniBand, IbAddress, 2044) { Server = IPv4Address.Parse("198.18.9.3"), ClientPort = 1068, ServerPort = 1067 };
        var (m, h) = Create(link: link);
        m.Start(T0, null, []);
        Assert.That(h.Last.Endpoints, Is.EqualTo(new DatagramEndpoints(IPv4Address.Any, 1068, IPv4Address.Parse("198.18.9.3"), 1067)));
        Assert.That(h.Last.Target, Is.EqualTo(LinkTarget.Routed));
        Assert.That(h.Lines[^1], Is.EqualTo("DHCPDISCOVER on ib1 to 198.18.9.3 port 1067 interval 4"));
    }
}
