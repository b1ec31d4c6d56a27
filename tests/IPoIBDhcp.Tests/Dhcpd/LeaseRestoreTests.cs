using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Server.Allocation;
using IPoIBDhcp.Server.Protocol;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Tests.Dhcpd;

/// <summary>Start-up's replay of stored leases into the allocator, as ISC's <c>enter_lease</c>.</summary>
public sealed class LeaseRestoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Lease Active(string address, byte uid) => new(IPv4Address.Parse(address))
    {
        Starts = Now.AddHours(-1),
        Ends = Now.AddDays(1),
        BindingState = LeaseBindingState.Active,
        ClientId = new byte[] { 1, 2, uid },
    };

    [Test]
    public void ALeaseOutsideEverySubnet_IsReportedAsIscDoes_AndNotServed()
    {
        var parsed = DhcpdConfigParser.ParseText("subnet 198.18.8.0 netmask 255.255.255.0 { range 198.18.8.10 198.18.8.250; }\n", "d.conf");
        Assert.That(parsed.Success, Is.True);
        var plan = ConfigPlanBuilder.Build(parsed.Config!);
        var allocator = new AddressAllocator();
        var reported = new List<string>();

        int restored = LeaseRecords.Restore([Active("198.18.8.20", 3), Active("10.99.0.5", 6), Active("198.18.8.22", 5)],
            plan, allocator, new ClientKeyResolver(), Now, lease => reported.Add($"lease {lease.Address}: no subnet."));

        Assert.That(reported, Is.EqualTo(new[] { "lease 10.99.0.5: no subnet." }));
        Assert.That(restored, Is.EqualTo(2), "ISC's \"Wrote 2 leases to leases file.\" for the same file");
        Assert.That(allocator.FindByAddress(IPv4Address.Parse("10.99.0.5")), Is.Null);
        Assert.That(allocator.FindByAddress(IPv4Address.Parse("198.18.8.22")), Is.Not.Null);
    }

    [Test]
    public void AnInfiniteLease_IsRestoredInfinite_EvenAbandoned()
    {
        var parsed = DhcpdConfigParser.ParseText("subnet 198.18.8.0 netmask 255.255.255.0 { range 198.18.8.10 198.18.8.250; }\n", "d.conf");
        var plan = ConfigPlanBuilder.Build(parsed.Config!);
        var allocator = new AddressAllocator();
        var never = Active("198.18.8.20", 3) with { Ends = DateTimeOffset.MaxValue };
        var abandoned = Active("198.18.8.21", 4) with { Ends = DateTimeOffset.MaxValue, BindingState = LeaseBindingState.Abandoned };

        int restored = LeaseRecords.Restore([never, abandoned], plan, allocator, new ClientKeyResolver(), Now);

        Assert.That(restored, Is.EqualTo(2));
        Assert.That(allocator.FindByAddress(IPv4Address.Parse("198.18.8.20"))!.Expires, Is.EqualTo(DateTimeOffset.MaxValue));
        Assert.That(allocator.FindByAddress(IPv4Address.Parse("198.18.8.21"))!.Expires, Is.EqualTo(DateTimeOffset.MaxValue));
    }

    [Test]
    public void ARestoredBindingKeepsTheLeasesClientHostnameAndVariables()
    {
        var plan = ConfigPlanBuilder.Build(DhcpdConfigParser.ParseText("subnet 198.18.8.0 netmask 255.255.255.0 { range 198.18.8.10 198.18.8.250; }\n", "d.conf").Config!);
        var allocator = new AddressAllocator();
        var stored = Active("198.18.8.20", 3) with { ClientHostname = "node-20", Variables = [new LeaseVariable("booted", "yes")] };

        LeaseRecords.Restore([stored], plan, allocator, new ClientKeyResolver(), Now);

        var binding = allocator.FindByAddress(IPv4Address.Parse("198.18.8.20"))!;
        Assert.That((binding.ClientHostname, binding.Variables.Single()), Is.EqualTo(("node-20", new LeaseVariable("booted", "yes"))));
        // The record a later event writes for the binding carries them again.
        var written = LeaseRecords.ToLease(binding, new byte[] { 1, 2, 3 }, 0, [], Now);
        Assert.That((written.ClientHostname, written.Variables.Single().Name), Is.EqualTo(("node-20", "booted")));
    }
}
