using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Tests.Dhcpd.Leases;

/// <summary>The compact lease keeps what is set, forgets what is cleared, and compares by content.</summary>
public class LeaseRecordTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 5, 30, 0, TimeSpan.Zero);

    [Test]
    public void DetailsSetOneAtATimeAreAllKept_AndClearingThemEqualsALeaseThatNeverHadThem()
    {
        var plain = LeaseFixtures.BootLease(5, Now) with { ClientHostname = null, Variables = [] };
        Assert.That(plain.ClientHostname, Is.Null);
        Assert.That(plain.Variables, Is.Empty);
        var detailed = plain with
        {
            Tstp = Now.AddHours(1),
            Tsfp = Now.AddHours(2),
            Atsfp = Now.AddHours(3),
            HardwareType = 1,
            HardwareAddress = new byte[] { 0x00, 0x02, 0xc9, 0x00, 0x10, 0x39 },
            ClientHostname = "node0005",
            Variables = [new LeaseVariable("vendor", "iPXE")],
        };

        Assert.That(detailed.Tstp, Is.EqualTo(Now.AddHours(1)));
        Assert.That(detailed.Tsfp, Is.EqualTo(Now.AddHours(2)));
        Assert.That(detailed.Atsfp, Is.EqualTo(Now.AddHours(3)));
        Assert.That(detailed.HardwareAddress.ToArray(), Is.EqualTo(new byte[] { 0x00, 0x02, 0xc9, 0x00, 0x10, 0x39 }));
        Assert.That(detailed.ClientHostname, Is.EqualTo("node0005"));
        Assert.That(detailed.Variables, Is.EqualTo(new[] { new LeaseVariable("vendor", "iPXE") }));
        Assert.That(detailed, Is.Not.EqualTo(plain));
        // The next version of a lease changes one detail and keeps the others.
        var renamed = detailed with { ClientHostname = "n5" };
        Assert.That(renamed.Tsfp, Is.EqualTo(Now.AddHours(2)));
        Assert.That(detailed.ClientHostname, Is.EqualTo("node0005"), "a with expression never changes the lease it copies");

        var cleared = detailed with
        {
            Tstp = null, Tsfp = null, Atsfp = null, HardwareType = plain.HardwareType, HardwareAddress = default,
            ClientHostname = null, Variables = [],
        };
        Assert.That(cleared, Is.EqualTo(plain));
        Assert.That(cleared.GetHashCode(), Is.EqualTo(plain.GetHashCode()));
    }

    [Test]
    public void StatesAndTimesRoundTrip_IncludingNeverAndNotWritten()
    {
        var lease = new Lease(IPv4Address.Parse("198.18.0.7"))
        {
            Ends = DateTimeOffset.MaxValue,
            BindingState = LeaseBindingState.Abandoned,
            NextBindingState = LeaseBindingState.Free,
        };
        Assert.That(lease.Ends, Is.EqualTo(DateTimeOffset.MaxValue));
        Assert.That(lease.Starts, Is.Null);
        Assert.That(lease.BindingState, Is.EqualTo(LeaseBindingState.Abandoned));
        Assert.That(lease.NextBindingState, Is.EqualTo(LeaseBindingState.Free));
        Assert.That(lease.RewindBindingState, Is.Null);
        Assert.That(lease.IsExpiredAt(Now), Is.False);
        Assert.That((lease with { NextBindingState = null }).NextBindingState, Is.Null);
    }

    [Test]
    public void AClientIdSliceIsCopied_AWholeArrayIsKept()
    {
        byte[] buffer = [0xff, 1, 2, 3, 4];
        var sliced = new Lease(IPv4Address.Parse("198.18.0.8")) { ClientId = buffer.AsMemory(1, 3) };
        buffer[2] = 0x99;
        Assert.That(sliced.ClientId.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3 }));

        byte[] whole = [1, 2, 3];
        var kept = new Lease(IPv4Address.Parse("198.18.0.8")) { ClientId = whole };
        Assert.That(kept, Is.EqualTo(sliced));
        Assert.That(kept.HasClientId, Is.True);
        Assert.That(new Lease(IPv4Address.Parse("198.18.0.8")).HasClientId, Is.False);
    }

    [Test]
    public void FieldsSetToNothing_AllocateNothingBeyondTheLease()
    {
        var address = IPv4Address.Parse("198.18.0.9");
        byte[] clientId = [0xff, 1, 2, 3];
        _ = Make(address, clientId); // JIT first
        long before = GC.GetAllocatedBytesForCurrentThread();
        var lease = Make(address, clientId);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long plain = GC.GetAllocatedBytesForCurrentThread();
        var bare = new Lease(address) { ClientId = clientId };
        plain = GC.GetAllocatedBytesForCurrentThread() - plain;
        // A reader sets every field, mostly to nothing: a million leases must not carry a million empty details objects.
        Assert.That(allocated, Is.EqualTo(plain));
        Assert.That(lease, Is.EqualTo(bare));
    }

    private static Lease Make(IPv4Address address, byte[] clientId) => new(address)
    {
        ClientId = clientId, HardwareAddress = default, Tstp = null, Tsfp = null, Atsfp = null,
        ClientHostname = null, Variables = [],
    };
}
