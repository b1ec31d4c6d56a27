using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Tests.Dhcpd.Leases;

public class LeaseIndexTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 23, 51, 59, TimeSpan.Zero);

    [Test]
    public void Upsert_LastWriteWinsPerAddress()
    {
        var index = new LeaseIndex();
        var first = LeaseFixtures.BootLease(5, Now);
        var second = first with { Ends = Now.AddDays(1) };

        Assert.That(index.Upsert(first), Is.Null);
        Assert.That(index.Upsert(second), Is.SameAs(first));
        Assert.That(index.Count, Is.EqualTo(1));
        Assert.That(index.TryGetByAddress(first.Address, out var found), Is.True);
        Assert.That(found, Is.SameAs(second));
    }

    [Test]
    public void ClientId_LookupIsByteExact_FromASpan()
    {
        var index = new LeaseIndex();
        var lease = LeaseFixtures.BootLease(5, Now);
        index.Upsert(lease);
        byte[] copy = lease.ClientId.ToArray();

        Assert.That(index.TryGetByClientId(copy, out var found), Is.True);
        Assert.That(found, Is.SameAs(lease));
        copy[^1] ^= 1;
        Assert.That(index.TryGetByClientId(copy, out _), Is.False);
    }

    [Test]
    public void ClientId_FollowsReassignment_AndForgetsTheOldOwner()
    {
        var index = new LeaseIndex();
        var a = LeaseFixtures.BootLease(5, Now);
        var b = LeaseFixtures.BootLease(6, Now);
        index.Upsert(a);
        // Address of a is handed to client b.
        index.Upsert(b with { Address = a.Address });

        Assert.That(index.TryGetByClientId(a.ClientId.Span, out _), Is.False);
        Assert.That(index.TryGetByClientId(b.ClientId.Span, out var found), Is.True);
        Assert.That(found!.Address, Is.EqualTo(a.Address));
    }

    [Test]
    public void ClientId_PrefersTheActiveLease_OverALaterFreeOne()
    {
        var index = new LeaseIndex();
        var old = LeaseFixtures.BootLease(5, Now);
        var current = old with { Address = new IPv4Address(old.Address.Value + 1) };
        index.Upsert(old);
        index.Upsert(current);
        // The old address expires afterwards; ISC keeps the uid on the free lease.
        index.Upsert(old with { BindingState = LeaseBindingState.Free });

        Assert.That(index.TryGetByClientId(old.ClientId.Span, out var found), Is.True);
        Assert.That(found!.Address, Is.EqualTo(current.Address));
    }
}
