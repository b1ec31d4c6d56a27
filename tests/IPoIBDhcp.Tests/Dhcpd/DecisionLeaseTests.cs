using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Server.Leases.IscFile;
using IPoIBDhcp.Server.Protocol;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;
using static IPoIBDhcp.Tests.Dhcpd.ServerHarness;

namespace IPoIBDhcp.Tests.Dhcpd;

/// <summary>
/// A decision to commit carries the lease record itself, made by the core where it decided the binding: the host
/// hands it to the store as it is, so it must hold everything the lease file writer writes.
/// </summary>
public class DecisionLeaseTests
{
    private static readonly PortGuid Guid = PortGuid.Parse("0002:c903:0000:1039");
    private static readonly ClientIdentifier FlexBoot = ClientIdentifier.FlexBoot(Guid);

    private static string Written(Lease lease) => new IscLeaseFileWriter().Format(lease);

    [Test]
    public void AnAckCarriesTheActiveLeaseAsTheLeaseFileHoldsIt()
    {
        var h = new ServerHarness();
        h.Send(Build(DhcpMessageType.Discover, FlexBoot));
        var offered = h.Reply.YourAddress;
        h.Now = T0.AddSeconds(2);
        var d = h.Send(Build(DhcpMessageType.Request, FlexBoot, requested: offered.ToString(), serverId: "198.18.0.1"));

        Assert.That(d.Kind, Is.EqualTo(DecisionKind.CommitThenReply));
        Assert.That(d.Lease, Is.EqualTo(new Lease(offered)
        {
            ClientId = FlexBoot.Span.ToArray(),
            Starts = T0.AddSeconds(2),
            Ends = T0.AddSeconds(602),
            Cltt = T0.AddSeconds(2),
            BindingState = LeaseBindingState.Active,
            NextBindingState = LeaseBindingState.Free,
            RewindBindingState = LeaseBindingState.Free,
        }));
        Assert.That(Written(d.Lease!), Is.EqualTo(
            "lease 198.18.1.0 {\n" +
            "  starts 2 2026/11/24 12:00:02;\n" +
            "  ends 2 2026/11/24 12:10:02;\n" +
            "  cltt 2 2026/11/24 12:00:02;\n" +
            "  binding state active;\n" +
            "  next binding state free;\n" +
            "  rewind binding state free;\n" +
            "  uid \"\\377\\000\\000\\000\\000\\000\\002\\000\\000\\002\\311\\000\\000\\002\\311\\003\\000\\000\\0209\";\n" +
            "}\n"));
    }

    [Test]
    public void AnEthernetFramedClientsLeaseKeepsItsHardwareAddress()
    {
        var h = new ServerHarness();
        var mac = ClientIdentifier.IpxeMac(Guid);
        byte[] chaddr = mac.Span[1..].ToArray();
        h.Send(Build(DhcpMessageType.Discover, mac, HardwareType.Ethernet, chaddr: chaddr));
        var offered = h.Reply.YourAddress;
        var d = h.Send(Build(DhcpMessageType.Request, mac, HardwareType.Ethernet, requested: offered.ToString(), serverId: "198.18.0.1", chaddr: chaddr));

        Assert.That((d.Lease!.HardwareType, d.Lease.HardwareAddress.ToArray(), d.Lease.ClientId.ToArray()),
            Is.EqualTo((HardwareType.Ethernet, chaddr, mac.Span.ToArray())));
        Assert.That(Written(d.Lease), Does.Contain("  hardware ethernet 00:02:c9:00:10:39;\n"));
    }

    [Test]
    public void AReleaseCarriesTheFreedLeaseWithItsTimes()
    {
        var h = new ServerHarness();
        h.Send(Build(DhcpMessageType.Discover, FlexBoot));
        var address = h.Reply.YourAddress;
        h.Send(Build(DhcpMessageType.Request, FlexBoot, requested: address.ToString(), serverId: "198.18.0.1"));
        h.Now = T0.AddSeconds(60);
        var d = h.Send(Build(DhcpMessageType.Release, FlexBoot, ciaddr: address.ToString(), serverId: "198.18.0.1"));

        Assert.That(d.Kind, Is.EqualTo(DecisionKind.CommitOnly));
        Assert.That(d.Lease, Is.EqualTo(new Lease(address)
        {
            ClientId = FlexBoot.Span.ToArray(),
            Starts = T0,
            Ends = T0.AddSeconds(60),
            Tstp = T0.AddSeconds(60),
            Cltt = T0.AddSeconds(60),
            BindingState = LeaseBindingState.Free,
        }));
    }

    [Test]
    public void ADeclineCarriesTheAbandonedLease()
    {
        var h = new ServerHarness();
        h.Send(Build(DhcpMessageType.Discover, FlexBoot));
        var address = h.Reply.YourAddress;
        h.Send(Build(DhcpMessageType.Request, FlexBoot, requested: address.ToString(), serverId: "198.18.0.1"));
        var d = h.Send(Build(DhcpMessageType.Decline, FlexBoot, requested: address.ToString(), serverId: "198.18.0.1"));

        Assert.That((d.Kind, d.Lease!.Address, d.Lease.BindingState, d.Lease.Ends), Is.EqualTo((DecisionKind.CommitOnly, address, LeaseBindingState.Abandoned, (DateTimeOffset?)T0)));
        Assert.That(Written(d.Lease), Does.Contain("  binding state abandoned;\n"));
    }

    [Test]
    public void AnAckRecordsTheHostNameTheClientSentAsClientHostnameAndAReleaseKeepsIt()
    {
        var h = new ServerHarness();
        h.Send(Build(DhcpMessageType.Discover, FlexBoot, hostName: "node-17"));
        var address = h.Reply.YourAddress;
        var ack = h.Send(Build(DhcpMessageType.Request, FlexBoot, requested: address.ToString(), serverId: "198.18.0.1", hostName: "node-17\0"));
        var release = h.Send(Build(DhcpMessageType.Release, FlexBoot, ciaddr: address.ToString(), serverId: "198.18.0.1"));

        // ISC keeps option 12 as a C string: up to the first NUL.
        Assert.That((ack.Lease!.ClientHostname, release.Lease!.ClientHostname), Is.EqualTo(("node-17", "node-17")));
        Assert.That(Written(ack.Lease), Does.EndWith("  client-hostname \"node-17\";\n}\n"));
    }

    [Test]
    public void ARenewalWithoutAHostNameClearsIt()
    {
        var h = new ServerHarness();
        h.Send(Build(DhcpMessageType.Discover, FlexBoot));
        var address = h.Reply.YourAddress;
        h.Send(Build(DhcpMessageType.Request, FlexBoot, requested: address.ToString(), serverId: "198.18.0.1", hostName: "node-17"));
        var renewal = h.Send(Build(DhcpMessageType.Request, FlexBoot, ciaddr: address.ToString()));

        Assert.That(renewal.Lease!.ClientHostname, Is.Null);
    }
}
