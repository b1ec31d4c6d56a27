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
}
