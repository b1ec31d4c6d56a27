using IPoIBDhcp.Engine;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Server.Allocation;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Server.Protocol;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;
using static IPoIBDhcp.Tests.Dhcpd.ServerHarness;

namespace IPoIBDhcp.Tests.Dhcpd;

public class DhcpServerCoreTests
{
    private static readonly PortGuid Guid = PortGuid.Parse("0002:c903:0000:1039");
    private static readonly ClientIdentifier FlexBoot = ClientIdentifier.FlexBoot(Guid);

    [Test]
    public void Rfc4390DiscoverGetsABroadcastOfferThatEchoesTheClientId()
    {
        var h = new ServerHarness();
        var d = h.Send(HexFixture.Load("rfc4390-discover-flexboot.hex"));
        Assert.That(d.Kind, Is.EqualTo(DecisionKind.Reply));
        var r = h.Reply;
        Assert.That(r.MessageType, Is.EqualTo(DhcpMessageType.Offer));
        Assert.That((r.Op, r.HardwareType, r.HardwareAddressLength, r.IsBroadcast), Is.EqualTo((BootpOpCode.BootReply, (byte)32, (byte)0, true)));
        Assert.That(r.Raw.Slice(BootpFieldLocations.ChAddr, 16).ContainsAnyExcept((byte)0), Is.False, "chaddr stays zero (RFC 4390)");
        Assert.That(r.YourAddress, Is.EqualTo(A("198.18.1.0")));
        Assert.That(r.ClientIdentifier.ToArray(), Is.EqualTo(FlexBoot.Span.ToArray()), "RFC 6842 echo");
        Assert.That(r.TryGetServerIdentifier(out var sid) && sid == A("198.18.0.1"), Is.True);
        Assert.That(r.TryGetLeaseTime(out var lease) && lease == 600, Is.True);
        Assert.That(r.TryGetRenewalTime(out var t1) && t1 == 300, Is.True);
        Assert.That(r.GetOption(DhcpOptionCode.SubnetMask).ToArray(), Is.EqualTo(new byte[] { 255, 255, 240, 0 }));
        Assert.That(r.GetOption(DhcpOptionCode.InterfaceMtu).ToArray(), Is.EqualTo(new byte[] { 0x07, 0xfc }));
        Assert.That(r.NextServerAddress, Is.EqualTo(A("198.18.0.1")));
        Assert.That(System.Text.Encoding.ASCII.GetString(r.BootFileName), Is.EqualTo("pxelinux.0"));
        Assert.That(d.Route, Is.EqualTo(new ReplyRoute(IPv4Address.Broadcast, 68, LinkTarget.Broadcast, "IPoIB (RFC 4390)")));
        Assert.That(h.Log, Is.EqualTo(new[]
        {
            "DHCPDISCOVER from ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:00:10:39 (guid 0002:c903:0000:1039) via ib0",
            "DHCPOFFER on 198.18.1.0 to ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:00:10:39 (guid 0002:c903:0000:1039) via ib0",
        }));
    }

    [Test]
    public void DoraCommitsTheLeaseBeforeTheAck()
    {
        var h = new ServerHarness();
        h.Send(Build(DhcpMessageType.Discover, FlexBoot));
        var offered = h.Reply.YourAddress;
        var d = h.Send(Build(DhcpMessageType.Request, FlexBoot, requested: offered.ToString(), serverId: "198.18.0.1"));
        Assert.That(d.Kind, Is.EqualTo(DecisionKind.CommitThenReply));
        Assert.That(d.Lease!.BindingState, Is.EqualTo(LeaseBindingState.Active));
        Assert.That(h.Core.Allocator.FindByAddress(offered)!.Key, Is.EqualTo(ClientKey.ForGuid(Guid)));
        Assert.That(d.Lease.Ends, Is.EqualTo(T0.AddSeconds(600)));
        Assert.That(d.Lease.ClientId.ToArray(), Is.EqualTo(FlexBoot.Span.ToArray()));
        Assert.That((h.Reply.MessageType, h.Reply.YourAddress), Is.EqualTo((DhcpMessageType.Ack, offered)));
    }

    [Test]
    public void ARequestForAnotherServerIsIgnoredAndFreesTheHeldOffer()
    {
        var h = new ServerHarness();
        h.Send(Build(DhcpMessageType.Discover, FlexBoot));
        var offered = h.Reply.YourAddress;
        var d = h.Send(Build(DhcpMessageType.Request, FlexBoot, requested: offered.ToString(), serverId: "198.18.0.2"));
        Assert.That(d.Kind, Is.EqualTo(DecisionKind.Silent));
        Assert.That(h.Core.Allocator.FindByKey(ClientKey.ForGuid(Guid))!.State, Is.EqualTo(BindingState.Released));
    }

    [Test]
    public void ANodeKeepsItsAddressFromFlexBootThroughIpxeToTheOs()
    {
        var h = new ServerHarness();
        h.Send(Build(DhcpMessageType.Discover, FlexBoot));
        var address = h.Reply.YourAddress.ToString();
        h.Send(Build(DhcpMessageType.Request, FlexBoot, requested: address, serverId: "198.18.0.1"));
        // iPXE: Ethernet framing, 01:+MAC from the GUID, DISCOVER again.
        var mac = ClientIdentifier.IpxeMac(Guid);
        h.Send(Build(DhcpMessageType.Discover, mac, HardwareType.Ethernet, chaddr: mac.Span[1..].ToArray()));
        Assert.That(h.Reply.YourAddress.ToString(), Is.EqualTo(address));
        // The OS dhclient: RFC 4390 client-id, INIT-REBOOT with the address it was given.
        var d = h.Send(Build(DhcpMessageType.Request, ClientIdentifier.Rfc4390(Guid, 1), requested: address));
        Assert.That((d.Kind, h.Reply.MessageType, h.Reply.YourAddress.ToString()), Is.EqualTo((DecisionKind.CommitThenReply, DhcpMessageType.Ack, address)));
    }

    [Test]
    public void RenewingIsUnicastToTheClientAndExtendsTheLease()
    {
        var h = new ServerHarness();
        h.Send(Build(DhcpMessageType.Discover, FlexBoot));
        var address = h.Reply.YourAddress.ToString();
        h.Send(Build(DhcpMessageType.Request, FlexBoot, requested: address, serverId: "198.18.0.1"));
        h.Now = T0.AddSeconds(300);
        var d = h.Send(Build(DhcpMessageType.Request, FlexBoot, ciaddr: address), source: address);
        Assert.That(d.Kind, Is.EqualTo(DecisionKind.CommitThenReply));
        Assert.That(d.Lease!.Ends, Is.EqualTo(T0.AddSeconds(900)));
        Assert.That(h.Reply.ClientAddress.ToString(), Is.EqualTo(address));
        Assert.That((d.Route.Destination.ToString(), d.Route.Target.Kind), Is.EqualTo((address, LinkTargetKind.Unicast)));
    }

    [Test]
    public void WrongNetworkIsNakedWhenAuthoritativeAndIgnoredOtherwise()
    {
        var h = new ServerHarness();
        var d = h.Send(Build(DhcpMessageType.Request, FlexBoot, requested: "198.18.17.5"));
        Assert.That((d.Kind, h.Reply.MessageType), Is.EqualTo((DecisionKind.Reply, DhcpMessageType.Nak)));
        Assert.That(d.Route.Target, Is.EqualTo(LinkTarget.Broadcast));
        Assert.That(h.Log[^1], Does.EndWith("(wrong network)"));
        Assert.That(h.Reply.ClientIdentifier.ToArray(), Is.EqualTo(FlexBoot.Span.ToArray()));

        var quiet = new ServerHarness(authoritative: false);
        Assert.That(quiet.Send(Build(DhcpMessageType.Request, FlexBoot, requested: "198.18.17.5")).Kind, Is.EqualTo(DecisionKind.Silent));
    }

    [Test]
    public void AHostWithSeveralFixedAddressesGetsTheOneOfTheRequestsNetwork()
    {
        // The seed's host stanza: one client-id, a fixed address per network.
        var host = new HostPlan("host1", [A("198.18.2.1"), A("198.18.18.1")]);
        var h = new ServerHarness(hosts: [(ClientKey.ForGuid(Guid), host)]);
        h.Send(Build(DhcpMessageType.Discover, FlexBoot), h.Port("ib0", "198.18.0.1"));
        Assert.That(h.Reply.YourAddress, Is.EqualTo(A("198.18.2.1")));
        h.Send(Build(DhcpMessageType.Discover, FlexBoot), h.Port("ib0.8001", "198.18.16.1"));
        Assert.That(h.Reply.YourAddress, Is.EqualTo(A("198.18.18.1")));
        var d = h.Send(Build(DhcpMessageType.Request, FlexBoot, requested: "198.18.18.1", serverId: "198.18.16.1"), h.Port("ib0.8001", "198.18.16.1"));
        Assert.That((d.Kind, h.Reply.MessageType), Is.EqualTo((DecisionKind.Reply, DhcpMessageType.Ack)), "fixed addresses need no lease commit");
        var wrong = h.Send(Build(DhcpMessageType.Request, FlexBoot, requested: "198.18.17.3"), h.Port("ib0.8001", "198.18.16.1"));
        Assert.That(h.Reply.MessageType, Is.EqualTo(DhcpMessageType.Nak));
        Assert.That(wrong.Kind, Is.EqualTo(DecisionKind.Reply));
    }

    [Test]
    public void IPoIBRequestWithoutClientIdIsRefusedWithALogLine()
    {
        var h = new ServerHarness();
        Assert.That(h.Send(Build(DhcpMessageType.Discover, null)).Kind, Is.EqualTo(DecisionKind.Silent));
        Assert.That(h.Core.Counters.RefusedCount, Is.EqualTo(1));
        Assert.That(h.Log.Single(), Is.EqualTo("DHCPDISCOVER from (no client-id) via ib0: IPoIB request without a client identifier ignored (RFC 4390 makes it mandatory)"));
    }

    [Test]
    public void RelayedRequestsAreAnsweredToTheRelayWithOption82Echoed()
    {
        var h = new ServerHarness();
        byte[] rai = [1, 3, (byte)'i', (byte)'b', (byte)'1', 5, 4, 198, 18, 16, 0];
        var udp = new PortContext("udp:127.0.0.1:67", A("127.0.0.1"), 65535, PortCapabilities.Routed);
        var d = h.Send(Build(DhcpMessageType.Discover, FlexBoot, giaddr: "127.0.0.2", relayInfo: rai), udp, source: "127.0.0.2");
        Assert.That(h.Reply.YourAddress, Is.EqualTo(A("198.18.17.0")), "link-selection picks the 0x8001 subnet");
        Assert.That(h.Reply.GatewayAddress, Is.EqualTo(A("127.0.0.2")));
        Assert.That(h.Reply.GetOption(DhcpOptionCode.RelayAgentInformation).ToArray(), Is.EqualTo(rai));
        Assert.That(d.Route, Is.EqualTo(new ReplyRoute(A("127.0.0.2"), 67, LinkTarget.Routed, "relay")));
        Assert.That(h.Log[0], Does.EndWith("via 127.0.0.2"));
    }

    [Test]
    public void UnknownSegmentIsLoggedAndIgnored()
    {
        var h = new ServerHarness();
        var d = h.Send(Build(DhcpMessageType.Discover, FlexBoot, giaddr: "198.20.0.1"), h.Port());
        Assert.That(d.Kind, Is.EqualTo(DecisionKind.Silent));
        Assert.That(h.Log.Single(), Does.EndWith("via 198.20.0.1: unknown network segment"));
    }

    [Test]
    public void ReleaseAndDeclineAreRecorded()
    {
        var h = new ServerHarness();
        h.Send(Build(DhcpMessageType.Discover, FlexBoot));
        var address = h.Reply.YourAddress.ToString();
        h.Send(Build(DhcpMessageType.Request, FlexBoot, requested: address, serverId: "198.18.0.1"));
        var release = h.Send(Build(DhcpMessageType.Release, FlexBoot, ciaddr: address, serverId: "198.18.0.1"));
        Assert.That((release.Kind, release.Lease!.BindingState), Is.EqualTo((DecisionKind.CommitOnly, LeaseBindingState.Free)));
        Assert.That(h.Log[^1], Does.StartWith($"DHCPRELEASE of {address} from ").And.EndWith("(found)"));

        h.Send(Build(DhcpMessageType.Discover, FlexBoot));
        h.Send(Build(DhcpMessageType.Request, FlexBoot, requested: address, serverId: "198.18.0.1"));
        var decline = h.Send(Build(DhcpMessageType.Decline, FlexBoot, requested: address, serverId: "198.18.0.1"));
        Assert.That((decline.Kind, decline.Lease!.BindingState), Is.EqualTo((DecisionKind.CommitOnly, LeaseBindingState.Abandoned)));
        h.Send(Build(DhcpMessageType.Discover, FlexBoot));
        Assert.That(h.Reply.YourAddress.ToString(), Is.Not.EqualTo(address), "an abandoned address is not offered again");
    }

    [Test]
    public void InformGetsParametersWithoutALease()
    {
        var h = new ServerHarness();
        var d = h.Send(Build(DhcpMessageType.Inform, FlexBoot, ciaddr: "198.18.3.3"), source: "198.18.3.3");
        Assert.That(d.Kind, Is.EqualTo(DecisionKind.Reply));
        Assert.That((h.Reply.MessageType, h.Reply.YourAddress, h.Reply.HasOption(DhcpOptionCode.LeaseTime)), Is.EqualTo((DhcpMessageType.Ack, IPv4Address.Any, false)));
        Assert.That(d.Route.Destination, Is.EqualTo(A("198.18.3.3")));
    }

    [Test]
    public void RepliesRespectTheClientsMaximumMessageSize()
    {
        var h = new ServerHarness();
        h.Send(Build(DhcpMessageType.Discover, FlexBoot, maxSize: 576));
        Assert.That(h.Reply.Raw.Length, Is.LessThanOrEqualTo(548));
        Assert.That(DhcpServerCore.MaxReplyLength(h.Reply, h.Port()), Is.EqualTo(548));
    }
}

public class Rfc4390OfferFixtureTests
{
    /// <summary>
    /// The OFFER our server sends for the RFC 4390 DISCOVER fixture, pinned byte for byte: htype 32, hlen 0,
    /// zero chaddr, broadcast flag kept, option 61 echoed (RFC 6842); annotated per field by tests/tools/pcap2fixture.py --raw.
    /// </summary>
    [Test]
    public void ServerOfferForTheRfc4390DiscoverMatchesTheGoldenFixture()
    {
        var h = new ServerHarness();
        var d = h.Send(HexFixture.Load("rfc4390-discover-flexboot.hex"));
        var actual = h.Reply.Raw.ToArray();
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "rfc4390-offer.hex");
        if (Environment.GetEnvironmentVariable("IPOIBDHCP_WRITE_FIXTURES") == "1")
            File.WriteAllText(Path.Combine(Path.GetTempPath(), "rfc4390-offer.raw.hex"), Convert.ToHexString(actual));
        Assert.That(actual, Is.EqualTo(HexFixture.Load("rfc4390-offer.hex")));
        Assert.That(d.Route.Target, Is.EqualTo(IPoIBDhcp.Engine.LinkTarget.Broadcast));
    }
}
