using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Server.Protocol;
using IPoIBDhcp.Wire.Dhcp;
using static IPoIBDhcp.Tests.Dhcpd.ServerHarness;

namespace IPoIBDhcp.Tests.Dhcpd.Protocol;

/// <summary>
/// The requests ISC dhcpd drops once it knows the client's parameters (its ack_lease): <c>deny booting</c>,
/// <c>boot-unknown-clients off</c> for a client with no host, <c>min-secs</c> above the secs field. The log lines are
/// ISC's wording (dhcp.c, 4.4); the client gets no reply and keeps no address held.
/// </summary>
public class IscDropTests
{
    private static readonly ClientIdentifier Known = ClientIdentifier.FlexBoot(new PortGuid(0x0002c90300001001UL));
    private static readonly ClientIdentifier Unknown = ClientIdentifier.FlexBoot(new PortGuid(0x0002c90300002002UL));

    private static ServerHarness Load(string global, string host)
    {
        var result = DhcpdConfigParser.ParseText(
            global + "\nsubnet 198.18.0.0 netmask 255.255.255.0 { range 198.18.0.10 198.18.0.11; }\n" +
            $"host known {{ hardware infiniband 00:02:c9:03:00:00:10:01; {host} }}\n", "d.conf");
        Assert.That(result.Diagnostics, Is.Empty, string.Join("\n", result.Diagnostics));
        return new ServerHarness(ConfigPlanBuilder.Build(result.Config!));
    }

    [Test]
    public void AHostWithDenyBooting_GetsNoReply_AndHoldsNoAddress()
    {
        var h = Load("", "deny booting;");
        Assert.That(h.Send(Build(DhcpMessageType.Discover, Known)).Kind, Is.EqualTo(DecisionKind.Silent));
        Assert.That(h.Log, Has.Some.EndsWith(": booting disallowed"));
        var range = h.Core.Plan.Subnets[0].Pools[0].Ranges[0];
        Assert.That(h.Core.Allocator.PoolFor(range).FreeCount, Is.EqualTo(2), "the address chosen for it is free again");
        Assert.That(h.Send(Build(DhcpMessageType.Request, Known, requested: "198.18.0.10")).Kind, Is.EqualTo(DecisionKind.Silent));
        // Another client is served as before.
        Assert.That(h.Send(Build(DhcpMessageType.Discover, Unknown)).Kind, Is.EqualTo(DecisionKind.Reply));
    }

    [Test]
    public void BootUnknownClientsOff_ServesOnlyClientsWithAHost()
    {
        var h = Load("boot-unknown-clients off;", "");
        Assert.That(h.Send(Build(DhcpMessageType.Discover, Unknown)).Kind, Is.EqualTo(DecisionKind.Silent));
        Assert.That(h.Log, Has.Some.EndsWith(": unknown client"));
        Assert.That(h.Send(Build(DhcpMessageType.Request, Unknown, requested: "198.18.0.10")).Kind, Is.EqualTo(DecisionKind.Silent));
        Assert.That(h.Send(Build(DhcpMessageType.Discover, Known)).Kind, Is.EqualTo(DecisionKind.Reply));
        Assert.That(h.Send(Build(DhcpMessageType.Request, Known, requested: h.Reply.YourAddress.ToString())).Kind, Is.EqualTo(DecisionKind.CommitThenReply));
    }

    [Test]
    public void MinSecs_DropsDiscoversUntilTheClientHasTriedLongEnough_NotRequests()
    {
        var h = Load("min-secs 5;", "");
        Assert.That(h.Send(Build(DhcpMessageType.Discover, Unknown)).Kind, Is.EqualTo(DecisionKind.Silent));
        Assert.That(h.Log, Has.Some.EndsWith(": configured min-secs value (5) is greater than secs field (0).  message dropped."));
        var late = Build(DhcpMessageType.Discover, Unknown);
        late[BootpFieldLocations.Secs + 1] = 5;
        Assert.That(h.Send(late).Kind, Is.EqualTo(DecisionKind.Reply));
        // ISC checks min-secs for an OFFER only (dhcp.c: offer == DHCPOFFER): the REQUEST at secs 0 is answered.
        Assert.That(h.Send(Build(DhcpMessageType.Request, Unknown, requested: h.Reply.YourAddress.ToString())).Kind, Is.EqualTo(DecisionKind.CommitThenReply));
    }

    [Test]
    public void IgnoreBooting_DropsWithoutALogLine()
    {
        var h = Load("", "ignore booting;");
        Assert.That(h.Send(Build(DhcpMessageType.Discover, Known)).Kind, Is.EqualTo(DecisionKind.Silent));
        Assert.That(h.Log, Has.None.Contains("booting disallowed"));
    }

    [Test]
    public void AlwaysBroadcast_BroadcastsToAClientThatDidNotAsk()
    {
        byte[] mac = [0x02, 0, 0, 0, 0, 0x07];
        var plain = Load("", "");
        var decision = plain.Send(Build(DhcpMessageType.Discover, null, HardwareType.Ethernet, chaddr: mac));
        Assert.That(decision.Route.Reason, Is.EqualTo("unicast to chaddr"));

        var h = Load("always-broadcast on;", "");
        decision = h.Send(Build(DhcpMessageType.Discover, null, HardwareType.Ethernet, chaddr: mac));
        Assert.That(decision.Route.Reason, Is.EqualTo("always-broadcast"));
        Assert.That(decision.Route.Destination.ToString(), Is.EqualTo("255.255.255.255"));
        Assert.That(h.Reply.IsBroadcast, Is.True, "the flag is set in the reply, so a relay broadcasts it too");
    }

    [Test]
    public void UseHostDeclNames_GivesTheDeclarationName_UnlessTheHostSetsOne()
    {
        var h = Load("use-host-decl-names on;", "");
        h.Send(Build(DhcpMessageType.Discover, Known, prl: [1, 12]));
        Assert.That(System.Text.Encoding.ASCII.GetString(h.Reply.GetOption(DhcpOptionCode.HostName)), Is.EqualTo("known"));

        var own = Load("use-host-decl-names on;", "option host-name \"n1001\";");
        own.Send(Build(DhcpMessageType.Discover, Known, prl: [1, 12]));
        Assert.That(System.Text.Encoding.ASCII.GetString(own.Reply.GetOption(DhcpOptionCode.HostName)), Is.EqualTo("n1001"));
    }
}
