using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Server.Allocation;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Tests.Dhcpd;

public class ClientKeyResolverTests
{
    private static readonly PortGuid Guid = PortGuid.Parse("0002:c903:0000:1039");

    [Test]
    public void EveryBootStageOfOneNodeResolvesToItsPortGuid()
    {
        var resolver = new ClientKeyResolver();
        var expected = ClientKey.ForGuid(Guid);
        // FlexBoot (the boot ROM) comes first and teaches the resolver the GUID.
        Assert.That(Resolve(resolver, ClientIdentifier.FlexBoot(Guid), HardwareType.InfiniBand), Is.EqualTo(expected));
        // iPXE presents IPoIB as Ethernet with a MAC made of GUID bytes 0,1,2,5,6,7.
        Assert.That(Resolve(resolver, ClientIdentifier.IpxeMac(Guid), HardwareType.Ethernet), Is.EqualTo(expected));
        // The OS: RFC 4390 form, and Red Hat's "20:"+GUID.
        Assert.That(Resolve(resolver, ClientIdentifier.Rfc4390(Guid, 7), HardwareType.InfiniBand), Is.EqualTo(expected));
        Assert.That(Resolve(resolver, ClientIdentifier.InfiniBandGuid(Guid), HardwareType.InfiniBand), Is.EqualTo(expected));
        Assert.That(expected.ToString(), Is.EqualTo("guid 0002:c903:0000:1039"));
    }

    [Test]
    public void AnIpxeMacOfAnUnknownGuidIsKeyedByItsClientId()
    {
        var resolver = new ClientKeyResolver();
        var id = ClientIdentifier.IpxeMac(Guid);
        var key = Resolve(resolver, id, HardwareType.Ethernet);
        Assert.That(key.Kind, Is.EqualTo(ClientKeyKind.ClientIdentifier));
        resolver.LearnGuid(Guid);
        Assert.That(Resolve(resolver, id, HardwareType.Ethernet).Kind, Is.EqualTo(ClientKeyKind.PortGuid));
    }

    [Test]
    public void IPoIBRequestWithoutClientIdIsRefusedAndEthernetFallsBackToChaddr()
    {
        var resolver = new ClientKeyResolver();
        Assert.That(resolver.TryResolve([], HardwareType.InfiniBand, [], out _), Is.False);
        Assert.That(resolver.TryResolve([], HardwareType.Ethernet, [], out _), Is.False, "an empty chaddr is never a key");
        Assert.That(resolver.TryResolve([], HardwareType.Ethernet, [2, 0, 0, 0, 0, 1], out var key), Is.True);
        Assert.That(key.ToString(), Is.EqualTo("hw 01:02:00:00:00:00:01"));
    }

    private static ClientKey Resolve(ClientKeyResolver r, ClientIdentifier id, byte htype)
    {
        Assert.That(r.TryResolve(id.Span, htype, [], out var key), Is.True);
        return key;
    }

    [Test]
    public void APruneForgetsTheGuidsOfUnknownClientsAndKeepsTheOthers()
    {
        var resolver = new ClientKeyResolver();
        var known = new PortGuid(0x0002_c903_0000_0001);
        Resolve(resolver, ClientIdentifier.FlexBoot(known), HardwareType.InfiniBand);
        for (ulong i = 0; i < ClientKeyResolver.UnboundAllowance; i++)
            Resolve(resolver, ClientIdentifier.Rfc4390(new PortGuid(0x0002_c904_0080_0000 + i), 1), HardwareType.InfiniBand);
        Assert.That((resolver.Count, resolver.NeedsPrune), Is.EqualTo((ClientKeyResolver.UnboundAllowance + 1, true)));

        int forgotten = resolver.Prune(g => g == known);

        Assert.That((forgotten, resolver.Count, resolver.NeedsPrune), Is.EqualTo((ClientKeyResolver.UnboundAllowance, 1, false)));
        Assert.That(resolver.PruneAbove, Is.EqualTo(1 + ClientKeyResolver.UnboundAllowance));
        Assert.That(Resolve(resolver, ClientIdentifier.IpxeMac(known), HardwareType.Ethernet), Is.EqualTo(ClientKey.ForGuid(known)), "a known node keeps its iPXE form");
        var forgottenGuid = new PortGuid(0x0002_c904_0080_0000);
        Assert.That(Resolve(resolver, ClientIdentifier.IpxeMac(forgottenGuid), HardwareType.Ethernet).Kind, Is.EqualTo(ClientKeyKind.ClientIdentifier));
    }

    [Test]
    public void TheAllowanceGrowsWithTheKnownClientsSoPrunesStayRare()
    {
        var resolver = new ClientKeyResolver();
        for (ulong i = 0; i < 40_000; i++) resolver.LearnGuid(new PortGuid(0x0002_c903_0080_0000 + i));
        resolver.Prune(_ => true);
        Assert.That(resolver.PruneAbove, Is.EqualTo(40_000 + 10_000), "a quarter of those kept, past 4096");
    }

    [Test]
    public void RememberLearnsOnlyGuidKeys()
    {
        var resolver = new ClientKeyResolver();
        resolver.Remember(ClientKey.ForClientIdentifier([1, 2, 0, 0, 0, 0, 1]));
        resolver.Remember(ClientKey.ForHardware(HardwareType.Ethernet, [2, 0, 0, 0, 0, 1]));
        Assert.That(resolver.Count, Is.Zero);
        resolver.Remember(ClientKey.ForGuid(Guid));
        Assert.That(Resolve(resolver, ClientIdentifier.IpxeMac(Guid), HardwareType.Ethernet), Is.EqualTo(ClientKey.ForGuid(Guid)));
    }
}
