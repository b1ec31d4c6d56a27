using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Server.Allocation;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Tests.Dhcpd;

/// <summary>The compact binding gives back the times and details it was given.</summary>
public class BindingRecordTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 5, 30, 0, 123, TimeSpan.Zero);

    [Test]
    public void TimesRoundTripToTheTick_InfiniteLeasesStayInfinite()
    {
        var allocator = new AddressAllocator();
        var key = ClientKey.ForGuid(new PortGuid(0x0002c90300001039));
        var b = allocator.Restore(key, IPv4Address.Parse("198.18.0.9"), null, BindingState.Active, Now, DateTimeOffset.MaxValue);
        Assert.That(b.Starts, Is.EqualTo(Now));
        Assert.That(b.Expires, Is.EqualTo(DateTimeOffset.MaxValue));
        Assert.That(b.IsHeld(Now.AddYears(50)), Is.True);
        Assert.That(allocator.ExpireDue(Now.AddYears(50)), Is.Zero);

        var local = new DateTimeOffset(2026, 12, 6, 7, 30, 0, TimeSpan.FromHours(2));
        var c = allocator.Restore(ClientKey.ForGuid(new PortGuid(7)), IPv4Address.Parse("198.18.0.10"), null, BindingState.Active, Now, local);
        Assert.That(c.Expires, Is.EqualTo(local), "the same instant, whatever offset it came with");
        Assert.That(c.IsHeld(local.AddTicks(-1)), Is.True);
        Assert.That(c.IsHeld(local), Is.False);
    }

    [Test]
    public void DetailsAreKeptApart_AndClearedOneByOne()
    {
        var allocator = new AddressAllocator();
        var b = allocator.Restore(ClientKey.ForGuid(new PortGuid(9)), IPv4Address.Parse("198.18.0.11"), null, BindingState.Active, Now, Now.AddHours(1));
        Assert.That(b.ClientHostname, Is.Null);
        Assert.That(b.Variables, Is.Empty);
        Assert.That(b.Hooks, Is.Null);

        b.ClientHostname = "node0009";
        b.Variables = [new LeaseVariable("stage", "os")];
        Assert.That(b.ClientHostname, Is.EqualTo("node0009"));
        Assert.That(b.Variables, Is.EqualTo(new[] { new LeaseVariable("stage", "os") }));

        b.ClientHostname = null;
        Assert.That(b.Variables, Is.EqualTo(new[] { new LeaseVariable("stage", "os") }), "clearing one detail keeps the others");
        b.Variables = [];
        Assert.That(b.Variables, Is.Empty);
        Assert.That(b.ClientHostname, Is.Null);
    }
}
