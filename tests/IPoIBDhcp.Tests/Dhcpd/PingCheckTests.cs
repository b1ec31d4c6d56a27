using IPoIBDhcp.Engine;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Server.Protocol;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;
using static IPoIBDhcp.Tests.Dhcpd.ServerHarness;

namespace IPoIBDhcp.Tests.Dhcpd;

/// <summary>
/// ping-check's decisions (dhcpd.conf(5)): an OFFER of an address without a lease waits for the host's ping, and an
/// address that answers is abandoned with ISC's two log lines and the request decided again. The ping itself runs in
/// the host (IcmpEchoProbe); the integration test PingCheckTests pings a real veth peer.
/// </summary>
public class PingCheckTests
{
    private static readonly ClientIdentifier Client = ClientIdentifier.FlexBoot(PortGuid.Parse("0002:c903:0000:1039"));

    private static ServerHarness Harness(string extra = "ping-check true;\nping-timeout-ms 250;\n") =>
        new(ConfigPlanBuilder.Build(DhcpdConfigParser.ParseText(
            extra + "subnet 198.18.0.0 netmask 255.255.240.0 { range 198.18.1.0 198.18.1.99; }\n", "dhcpd.conf").Config!));

    [Test]
    public void AnOfferOfAFreeAddressWaitsForThePingAndIsLoggedOnlyOnceSent()
    {
        var h = Harness();

        var d = h.Send(Build(DhcpMessageType.Discover, Client));

        Assert.That(d.Kind, Is.EqualTo(DecisionKind.PingThenReply));
        Assert.That((d.Ping!.Address, d.Ping.Timeout), Is.EqualTo((A("198.18.1.0"), TimeSpan.FromMilliseconds(250))));
        Assert.That(h.Reply.YourAddress, Is.EqualTo(A("198.18.1.0")), "the OFFER is written, ready to send");
        Assert.That(h.Log.Any(l => l.StartsWith("DHCPOFFER", StringComparison.Ordinal)), Is.False);
        h.Core.OfferSent(d.Ping);
        Assert.That(h.Log[^1], Does.StartWith("DHCPOFFER on 198.18.1.0 to "));
    }

    [Test]
    public void TheClientsOwnHeldAddressIsNotPingedAgainNorIsAnythingWithoutPingCheck()
    {
        var h = Harness();
        h.Send(Build(DhcpMessageType.Discover, Client));
        Assert.That(h.Send(Build(DhcpMessageType.Discover, Client)).Kind, Is.EqualTo(DecisionKind.Reply));
        Assert.That(Harness("ping-timeout 3;\n").Send(Build(DhcpMessageType.Discover, Client)).Kind, Is.EqualTo(DecisionKind.Reply));
        // ping-timeout in seconds when ping-timeout-ms is not above 0.
        Assert.That(Harness("ping-check on;\nping-timeout 3;\n").Send(Build(DhcpMessageType.Discover, Client)).Ping!.Timeout, Is.EqualTo(TimeSpan.FromSeconds(3)));
    }

    [Test]
    public void NothingIsPingedOnTheEmulatedFabricOrBehindARelay()
    {
        var h = Harness();
        var fabric = new PortContext("ib0", A("198.18.0.1"), 2044, PortCapabilities.LinkBroadcast | PortCapabilities.LinkUnicast | PortCapabilities.OwnsAddress);

        Assert.That(h.Send(Build(DhcpMessageType.Discover, Client), fabric).Kind, Is.EqualTo(DecisionKind.Reply));
        var relayed = Build(DhcpMessageType.Discover, ClientIdentifier.FlexBoot(PortGuid.Parse("0002:c903:0000:1040")), giaddr: "198.18.0.2");
        Assert.That(h.Send(relayed).Kind, Is.EqualTo(DecisionKind.Reply));
    }

    [Test]
    public void AnAddressThatAnswersIsAbandonedAsIscLogsItAndTheNextOneIsOffered()
    {
        var h = Harness();
        var discover = Build(DhcpMessageType.Discover, Client);
        h.Send(discover);
        var message = new DhcpMessage();
        message.Read(discover);

        var record = h.Core.AbandonPinged(message, A("198.18.1.0"), T0);
        var logged = h.Log.TakeLast(2).ToArray();
        var again = h.Send(discover);

        Assert.That(logged, Is.EqualTo(new[] { "ICMP Echo reply while lease 198.18.1.0 valid.", "Abandoning IP address 198.18.1.0: pinged before offer" }));
        Assert.That((record.Kind, record.Lease!.Address, record.Lease.BindingState), Is.EqualTo((DecisionKind.CommitOnly, A("198.18.1.0"), LeaseBindingState.Abandoned)));
        Assert.That((again.Kind, again.Ping!.Address), Is.EqualTo((DecisionKind.PingThenReply, A("198.18.1.1"))));
    }
}
