using IPoIBDhcp.Client.Protocol;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;

namespace IPoIBDhcp.Tests.Client;

public class ClientIdentityResolverTests
{
    private static readonly LinkAddress Port1 = DhcpClientMachineTests.IbAddress; // GUID 0002:c903:0000:1039
    private static readonly LinkAddress Port2 = LinkAddress.FromIPoIB(
        IPoIBHardwareAddress.Parse("80:00:00:49:fe:80:00:00:00:00:00:00:00:02:c9:03:00:00:10:3a"));

    [Test]
    public void IPoIBDerivesTheFlexBootFormByDefault()
    {
        var id = ClientIdentityResolver.Resolve(LinkType.InfiniBand, Port1, null, null, ClientIdForm.FlexBoot, out var source);
        Assert.That(id!.Value.ToColonHex(), Is.EqualTo("ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:00:10:39"));
        Assert.That(source, Is.EqualTo("derived from port GUID 0002:c903:0000:1039"));
    }

    [Test]
    public void Rfc4390AndGuidFormsOnRequest()
    {
        var rfc = ClientIdentityResolver.Resolve(LinkType.InfiniBand, Port1, null, null, ClientIdForm.Rfc4390, out _)!.Value;
        // ff = RFC 4361; IAID 00:00:10:39 = the GUID's low 32 bits; 00:03 DUID-LL; 00:20 hardware type 32; GUID.
        Assert.That(rfc.ToColonHex(), Is.EqualTo("ff:00:00:10:39:00:03:00:20:00:02:c9:03:00:00:10:39"));
        var guid = ClientIdentityResolver.Resolve(LinkType.InfiniBand, Port1, null, null, ClientIdForm.Guid, out _)!.Value;
        Assert.That(guid.ToColonHex(), Is.EqualTo("20:00:02:c9:03:00:00:10:39"));
    }

    [Test]
    public void PinnedIdentitySurvivesABondFailoverToAnotherPort()
    {
        var first = ClientIdentityResolver.Resolve(LinkType.InfiniBand, Port1, null, null, ClientIdForm.FlexBoot, out _);
        // After failover the bond shows the other slave's address; the lease file pins the first identity.
        var after = ClientIdentityResolver.Resolve(LinkType.InfiniBand, Port2, null, first, ClientIdForm.FlexBoot, out var source);
        Assert.That(after, Is.EqualTo(first));
        Assert.That(source, Is.EqualTo("pinned by the lease file"));
        var unpinned = ClientIdentityResolver.Resolve(LinkType.InfiniBand, Port2, null, null, ClientIdForm.FlexBoot, out _);
        Assert.That(unpinned, Is.Not.EqualTo(first));
    }

    [Test]
    public void ConfiguredIdentifierWinsAndEthernetDerivesNone()
    {
        var configured = ClientIdentifier.Parse("20:00:55:04:01:fe:80:00:00:00:00:00:00:00:02:c9:02:00:23:13:92");
        var pinned = ClientIdentifier.FlexBoot(new PortGuid(1));
        Assert.That(ClientIdentityResolver.Resolve(LinkType.InfiniBand, Port1, configured, pinned, ClientIdForm.FlexBoot, out _), Is.EqualTo(configured));
        Assert.That(ClientIdentityResolver.Resolve(LinkType.Ethernet, new LinkAddress([2, 0, 0, 0, 0, 1]), null, pinned, ClientIdForm.FlexBoot, out _), Is.Null);
    }

    [TestCase(null, ClientIdForm.FlexBoot, true)]
    [TestCase("FlexBoot", ClientIdForm.FlexBoot, true)]
    [TestCase("rfc4390", ClientIdForm.Rfc4390, true)]
    [TestCase("guid", ClientIdForm.Guid, true)]
    [TestCase("mac", ClientIdForm.FlexBoot, false)]
    public void FormSetting(string? text, ClientIdForm expected, bool ok)
    {
        Assert.That(ClientIdentityResolver.TryParseForm(text, out var form), Is.EqualTo(ok));
        Assert.That(form, Is.EqualTo(expected));
    }
}
