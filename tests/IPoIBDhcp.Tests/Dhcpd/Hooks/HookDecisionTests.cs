using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Server.Allocation;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Server.Leases.IscFile;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Server.Protocol;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;
using static IPoIBDhcp.Tests.Dhcpd.ServerHarness;

namespace IPoIBDhcp.Tests.Dhcpd.Hooks;

/// <summary>
/// Hooks in the server's decisions: an ACK runs <c>on commit</c> (its variables in the lease record, its programs in the
/// decision for the host to run once the lease is durable), a release <c>on release</c>, and the expiry sweep <c>on expiry</c>.
/// </summary>
public class HookDecisionTests
{
    private static readonly ClientIdentifier Client = ClientIdentifier.FlexBoot(PortGuid.Parse("0002:c903:0000:1039"));

    private const string Config = """
        authoritative;
        default-lease-time 600;
        subnet 198.18.0.0 netmask 255.255.240.0 {
          range 198.18.1.0 198.18.1.99;
          on commit {
            set name = option host-name;
            execute("/usr/local/sbin/lease-event", "commit", name);
          }
          on release { execute("/usr/local/sbin/lease-event", "release", name); }
          on expiry { execute("/usr/local/sbin/lease-event", "expiry", name); unset name; }
        }
        """;

    private static ServerHarness Harness() => new(ConfigPlanBuilder.Build(DhcpdConfigParser.ParseText(Config, "dhcpd.conf").Config!));

    private static IPv4Address Lease(ServerHarness h)
    {
        h.Send(Build(DhcpMessageType.Discover, Client));
        return h.Reply.YourAddress;
    }

    [Test]
    public void AnAckCarriesTheCommitHooksVariablesInItsLeaseAndItsProgramsInTheDecision()
    {
        var h = Harness();
        var address = Lease(h);

        var d = h.Send(Build(DhcpMessageType.Request, Client, requested: address.ToString(), serverId: "198.18.0.1", hostName: "node-17"));

        Assert.That(d.Kind, Is.EqualTo(DecisionKind.CommitThenReply));
        Assert.That(d.Lease!.Variables, Is.EqualTo(new[] { new LeaseVariable("name", "node-17") }));
        Assert.That(new IscLeaseFileWriter().Format(d.Lease), Does.Contain("\n  set name = \"node-17\";\n"));
        var run = d.Runs!.Single();
        Assert.That((run.Program, string.Join(" ", run.Arguments), run.Event, run.Address),
            Is.EqualTo(("/usr/local/sbin/lease-event", "commit node-17", "commit", address)));
        // An OFFER runs no hook.
        Assert.That(h.Send(Build(DhcpMessageType.Discover, Client)).Runs, Is.Null);
    }

    [Test]
    public void AReleaseRunsTheReleaseHookWithTheLeasesVariables()
    {
        var h = Harness();
        var address = Lease(h);
        h.Send(Build(DhcpMessageType.Request, Client, requested: address.ToString(), serverId: "198.18.0.1", hostName: "node-17"));

        var d = h.Send(Build(DhcpMessageType.Release, Client, ciaddr: address.ToString(), serverId: "198.18.0.1"));

        Assert.That(d.Kind, Is.EqualTo(DecisionKind.CommitOnly));
        Assert.That(string.Join(" ", d.Runs!.Single().Arguments), Is.EqualTo("release node-17"));
        Assert.That(d.Lease!.Variables, Is.EqualTo(new[] { new LeaseVariable("name", "node-17") }));
    }

    [Test]
    public void TheSweepRunsTheExpiryHookOnceWhenTheLeaseRunsOut()
    {
        var h = Harness();
        var address = Lease(h);
        h.Send(Build(DhcpMessageType.Request, Client, requested: address.ToString(), serverId: "198.18.0.1", hostName: "node-17"));

        Assert.That(h.Core.SweepExpired(T0.AddSeconds(599)), Is.Empty);
        var runs = h.Core.SweepExpired(T0.AddSeconds(600));
        Assert.That(runs.Select(r => (r.Event, r.Address, string.Join(" ", r.Arguments))), Is.EqualTo(new[] { ("expiry", address, "expiry node-17") }));
        Assert.That(h.Core.SweepExpired(T0.AddSeconds(601)), Is.Empty);
        Assert.That(h.Core.Allocator.FindByAddress(address)!.Variables, Is.Empty, "the expiry hook's unset stays with the binding");
    }

    [Test]
    public void ALeaseRestoredFromTheStoreGetsTheExpiryHookOfItsScopesNow()
    {
        var h = Harness();
        var address = IPv4Address.Parse("198.18.1.7");
        var stored = new Lease(address)
        {
            ClientId = Client.Span.ToArray(),
            Starts = T0.AddSeconds(-100),
            Ends = T0.AddSeconds(10),
            BindingState = LeaseBindingState.Active,
            Variables = [new LeaseVariable("name", "node-7")],
        };
        LeaseRecords.Restore([stored], h.Core.Plan, h.Core.Allocator, new ClientKeyResolver(), T0);

        var runs = h.Core.SweepExpired(T0.AddSeconds(10));

        Assert.That(runs.Select(r => string.Join(" ", r.Arguments)), Is.EqualTo(new[] { "expiry node-7" }));
    }

    [Test]
    public void TheUsualCommitHookPassesTheLeasedAddressAsText()
    {
        var config = DhcpdConfigParser.ParseText("""
            subnet 198.18.0.0 netmask 255.255.240.0 {
              range 198.18.1.0 198.18.1.99;
              on commit {
                set clip = binary-to-ascii(10, 8, ".", leased-address);
                execute("/usr/local/sbin/dhcp-event", "commit", clip, lcase(option host-name));
              }
            }
            """, "dhcpd.conf");
        Assert.That(config.Diagnostics.Select(d => d.ToString()), Is.Empty);
        var h = new ServerHarness(ConfigPlanBuilder.Build(config.Config!));
        var address = Lease(h);

        var d = h.Send(Build(DhcpMessageType.Request, Client, requested: address.ToString(), serverId: "198.18.0.1", hostName: "Node-17"));

        Assert.That(string.Join(" ", d.Runs!.Single().Arguments), Is.EqualTo("commit 198.18.1.0 node-17"));
        Assert.That(d.Lease!.Variables, Is.EqualTo(new[] { new LeaseVariable("clip", "198.18.1.0") }));
    }

    [Test]
    public void AVariableInsideAnotherExpressionIsRefusedWithItsPlace()
    {
        var errors = DhcpdConfigParser.ParseText("on commit { set who = \"x\"; log(info, concat(\"lease \", who)); }\n", "dhcpd.conf").Diagnostics;

        Assert.That(errors.Select(e => e.ToString()), Is.EqualTo(new[] { "dhcpd.conf:1:55: log: expected a data expression, found 'who'" }));
    }
}
