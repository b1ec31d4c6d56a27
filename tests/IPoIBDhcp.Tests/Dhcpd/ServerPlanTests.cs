using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Server.Allocation;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Server.Protocol;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;
using static IPoIBDhcp.Tests.Dhcpd.ServerHarness;

namespace IPoIBDhcp.Tests.Dhcpd;

/// <summary>
/// The plan is an immutable value: which addresses are taken is the allocator's state, kept per range of the plan,
/// so one plan serves any number of allocators, and a core can swap its bindings without a new plan.
/// </summary>
public class ServerPlanTests
{
    private const string Config = """
        authoritative;
        default-lease-time 600;
        subnet 198.18.0.0 netmask 255.255.240.0 {
          range 198.18.1.0 198.18.1.1;
        }
        """;

    private static ClientIdentifier Node(ushort n) => ClientIdentifier.FlexBoot(new PortGuid(0x0002c90300000000UL | n));

    private static ServerPlan Plan()
    {
        var parsed = DhcpdConfigParser.ParseText(Config, "dhcpd.conf");
        Assert.That(parsed.Diagnostics, Is.Empty);
        return ConfigPlanBuilder.Build(parsed.Config!);
    }

    private static IPv4Address Bind(ServerHarness h, ClientIdentifier id)
    {
        h.Send(Build(DhcpMessageType.Discover, id));
        var offered = h.Reply.YourAddress;
        var ack = h.Send(Build(DhcpMessageType.Request, id, requested: offered.ToString(), serverId: "198.18.0.1"));
        Assert.That(ack.Kind, Is.EqualTo(DecisionKind.CommitThenReply));
        return offered;
    }

    [Test]
    public void TwoServersOverOnePlanAllocateIndependently()
    {
        var plan = Plan();
        var first = new ServerHarness(plan);
        var second = new ServerHarness(plan);

        // The first server gives away its whole range...
        Assert.That(Bind(first, Node(1)), Is.EqualTo(A("198.18.1.0")));
        Assert.That(Bind(first, Node(2)), Is.EqualTo(A("198.18.1.1")));
        Assert.That(first.Send(Build(DhcpMessageType.Discover, Node(3))).Kind, Is.EqualTo(DecisionKind.Silent), "its range is full");

        // ...and the second, over the same plan, still has all of its own: the plan holds no record of what was taken.
        Assert.That(Bind(second, Node(3)), Is.EqualTo(A("198.18.1.0")));
        Assert.That(second.Core.Allocator.FindByKey(ClientKey.ForGuid(new PortGuid(0x0002c90300000001UL))), Is.Null);
        var range = plan.Subnets.Single().Pools.Single().Ranges.Single();
        Assert.That((first.Core.Allocator.PoolFor(range).FreeCount, second.Core.Allocator.PoolFor(range).FreeCount), Is.EqualTo((0L, 1L)));
    }

    [Test]
    public void ReplacingTheBindingsKeepsThePlanAndStartsFromTheNewAllocatorsPools()
    {
        var plan = Plan();
        var h = new ServerHarness(plan);
        Bind(h, Node(1));
        Bind(h, Node(2));

        // A cluster member that starts leading restores its bindings from the committed leases: here, only node 2's.
        var rebuilt = new AddressAllocator();
        var range = plan.Subnets.Single().Pools.Single().Ranges.Single();
        Assert.That(rebuilt.TryCommit(ClientKey.ForGuid(new PortGuid(0x0002c90300000002UL)), A("198.18.1.1"), rebuilt.PoolFor(range),
            T0, T0.AddSeconds(600), out _), Is.True);
        h.Core.ReplaceBindings(rebuilt);

        Assert.That(h.Core.Plan, Is.SameAs(plan));
        Assert.That(Bind(h, Node(3)), Is.EqualTo(A("198.18.1.0")), "the address only the old bindings held is free again");
        Assert.That(h.Core.Allocator.PoolFor(range).FreeCount, Is.Zero);
    }

    [Test]
    public void PoolsAreKeyedByTheirRange()
    {
        var allocator = new AddressAllocator();
        var range = new PoolRange(A("198.18.1.0"), A("198.18.1.9"));
        var pool = allocator.PoolFor(range);
        Assert.That(allocator.PoolFor(new PoolRange(A("198.18.1.0"), A("198.18.1.9"))), Is.SameAs(pool), "the same bounds, the same bitmap");
        Assert.That(allocator.PoolFor(new PoolRange(A("198.18.1.0"), A("198.18.1.8"))), Is.Not.SameAs(pool));
        Assert.That((pool.First, pool.Last, pool.FreeCount), Is.EqualTo((A("198.18.1.0"), A("198.18.1.9"), 10L)));
        Assert.That(new AddressAllocator().PoolFor(range), Is.Not.SameAs(pool), "each allocator keeps its own");
        Assert.Throws<ArgumentException>(() => _ = new PoolRange(A("198.18.1.9"), A("198.18.1.0")));
    }
}
