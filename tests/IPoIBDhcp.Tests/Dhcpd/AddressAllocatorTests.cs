using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Server.Allocation;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Tests.Dhcpd;

public class AddressAllocatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
    private static IPv4Address A(string s) => IPv4Address.Parse(s);
    private static ClientKey Node(int i) => ClientKey.ForGuid(new PortGuid(0x0002c90300000000UL + (ulong)i));
    private static AddressPool Pool(string lo, string hi) => new(A(lo), A(hi));

    [Test]
    public void ConcurrentDiscoversNeverGetTheSameAddressAndTheNextOneIsRefused()
    {
        var pools = new[] { Pool("198.18.0.10", "198.18.0.74"), Pool("198.18.1.0", "198.18.1.200") };
        var allocator = new AddressAllocator();
        var seen = new HashSet<IPv4Address>();
        for (int i = 0; i < 266; i++)
        {
            Assert.That(allocator.TryOffer(Node(i), pools, default, T0, out var b), Is.True, $"node {i}");
            Assert.That(seen.Add(b.Address), Is.True, $"duplicate {b.Address}");
            Assert.That(pools.Any(p => p.Contains(b.Address)), Is.True);
        }
        Assert.That(allocator.TryOffer(Node(999), pools, default, T0, out _), Is.False, "pools exhausted");
        // A repeated DISCOVER from the same node gets the same offer.
        Assert.That(allocator.TryOffer(Node(5), pools, default, T0, out var again) && again.Address == A("198.18.0.15"), Is.True);
    }

    [Test]
    public void OfferHoldLapsesAndTheAddressReturnsToThePool()
    {
        var pools = new[] { Pool("198.18.0.10", "198.18.0.10") };
        var allocator = new AddressAllocator { OfferHold = TimeSpan.FromSeconds(30) };
        Assert.That(allocator.TryOffer(Node(1), pools, default, T0, out _), Is.True);
        Assert.That(allocator.TryOffer(Node(2), pools, default, T0.AddSeconds(29), out _), Is.False);
        Assert.That(allocator.TryOffer(Node(2), pools, default, T0.AddSeconds(31), out var b), Is.True);
        Assert.That(b.Key, Is.EqualTo(Node(2)));
    }

    [Test]
    public void RequestedAddressIsHonouredWhenFreeAndIgnoredWhenHeld()
    {
        var pools = new[] { Pool("198.18.0.10", "198.18.0.20") };
        var allocator = new AddressAllocator();
        Assert.That(allocator.TryOffer(Node(1), pools, A("198.18.0.17"), T0, out var b1) && b1.Address == A("198.18.0.17"), Is.True);
        Assert.That(allocator.TryOffer(Node(2), pools, A("198.18.0.17"), T0, out var b2) && b2.Address != A("198.18.0.17"), Is.True);
        Assert.That(allocator.TryOffer(Node(3), pools, A("198.18.9.9"), T0, out var b3) && pools[0].Contains(b3.Address), Is.True);
    }

    [Test]
    public void CommitRenewReleaseAndReuseByTheSameClient()
    {
        var pool = Pool("198.18.0.10", "198.18.0.20");
        var pools = new[] { pool };
        var allocator = new AddressAllocator();
        allocator.TryOffer(Node(1), pools, default, T0, out var offer);
        Assert.That(allocator.TryCommit(Node(1), offer.Address, pool, T0, T0.AddHours(1), out var lease), Is.True);
        Assert.That(lease.State, Is.EqualTo(BindingState.Active));
        Assert.That(allocator.TryCommit(Node(2), offer.Address, pool, T0, T0.AddHours(1), out _), Is.False, "another client's lease");
        Assert.That(allocator.TryCommit(Node(1), offer.Address, pool, T0.AddMinutes(30), T0.AddHours(2), out var renewed), Is.True);
        Assert.That(renewed.Expires, Is.EqualTo(T0.AddHours(2)));
        long free = pool.FreeCount;
        Assert.That(allocator.TryRelease(Node(1), offer.Address), Is.True);
        Assert.That(pool.FreeCount, Is.EqualTo(free + 1));
        // The client comes back and gets its old address again.
        Assert.That(allocator.TryOffer(Node(1), pools, default, T0.AddHours(3), out var back) && back.Address == offer.Address, Is.True);
    }

    [Test]
    public void ExpiredLeaseFreesTheAddressButTheClientStillPrefersIt()
    {
        var pool = Pool("198.18.0.10", "198.18.0.11");
        var allocator = new AddressAllocator();
        allocator.TryCommit(Node(1), A("198.18.0.10"), pool, T0, T0.AddMinutes(10), out _);
        Assert.That(pool.FreeCount, Is.EqualTo(1));
        Assert.That(allocator.ExpireDue(T0.AddMinutes(11)), Is.EqualTo(1));
        Assert.That(pool.FreeCount, Is.EqualTo(2));
        Assert.That(allocator.TryOffer(Node(1), [pool], default, T0.AddMinutes(12), out var b) && b.Address == A("198.18.0.10"), Is.True);
    }

    [Test]
    public void DeclinedAddressIsAbandonedUntilAbandonTimePasses()
    {
        var pool = Pool("198.18.0.10", "198.18.0.10");
        var allocator = new AddressAllocator { AbandonTime = TimeSpan.FromMinutes(5) };
        allocator.TryOffer(Node(1), [pool], default, T0, out var b);
        allocator.TryCommit(Node(1), b.Address, pool, T0, T0.AddHours(1), out _);
        Assert.That(allocator.TryAbandon(Node(1), b.Address, T0), Is.True);
        Assert.That(allocator.FindByKey(Node(1)), Is.Null);
        Assert.That(allocator.TryOffer(Node(2), [pool], default, T0.AddMinutes(4), out _), Is.False);
        Assert.That(allocator.TryOffer(Node(2), [pool], default, T0.AddMinutes(6), out var after), Is.True);
        Assert.That(after.Address, Is.EqualTo(b.Address));
    }

    [Test]
    public void PoolScanWrapsAndCountsFree()
    {
        var pool = Pool("198.18.0.0", "198.18.0.199");
        var taken = new List<IPv4Address>();
        while (pool.TryTakeNext(out var a)) taken.Add(a);
        Assert.That(taken, Has.Count.EqualTo(200));
        Assert.That(taken, Is.Unique);
        pool.Free(A("198.18.0.3"));
        Assert.That(pool.TryTakeNext(out var again) && again == A("198.18.0.3"), Is.True);
        Assert.That(pool.FreeCount, Is.Zero);
    }
}
