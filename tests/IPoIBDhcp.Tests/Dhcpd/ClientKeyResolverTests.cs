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
}
