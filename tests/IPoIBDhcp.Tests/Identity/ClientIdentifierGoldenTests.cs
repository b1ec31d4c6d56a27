using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using NUnit.Framework;

namespace IPoIBDhcp.Tests.Identity;

public class ClientIdentifierGoldenTests
{
    // Seed ConnectX FlexBoot client-identifier:
    //   ff           type 255 (RFC 4361)
    //   00:00:00:00  IAID 0
    //   00:02        DUID type 2 (DUID-EN)
    //   00:00:02:c9  enterprise 713 (Mellanox)
    //   00           FlexBoot's zero octet
    //   00:02:c9:03:00:00:10:39  port GUID
    private const string ConnectX = "ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:00:10:39";

    // Seed InfiniHost III Ex (old gPXE) client-identifier:
    //   20           type 32 (InfiniBand)
    //   00           IPoIB flags
    //   55:04:01     QPN 0x550401
    //   fe:80:00:00:00:00:00:00  GID subnet prefix
    //   00:02:c9:02:00:23:13:92  GID interface id = port GUID
    private const string InfiniHost = "20:00:55:04:01:fe:80:00:00:00:00:00:00:00:02:c9:02:00:23:13:92";

    [Test]
    public void SeedConnectXIsFlexBootWithGuid()
    {
        ClientIdentifier id = ClientIdentifier.Parse(ConnectX);
        Assert.That(id.Length, Is.EqualTo(20));
        Assert.That(id.Kind, Is.EqualTo(ClientIdentifierKind.FlexBootConnectX));
        Assert.That(id.TryGetPortGuid(out PortGuid guid), Is.True);
        Assert.That(guid.ToString(), Is.EqualTo("0002:c903:0000:1039"));
        Assert.That(id.DuidType, Is.EqualTo(DuidType.EnterpriseNumber));
        Assert.That(id.Iaid, Is.EqualTo(0u));
        Assert.That(id.Duid.ToArray(), Is.EqualTo(new byte[] { 0x00, 0x02, 0x00, 0x00, 0x02, 0xc9, 0x00, 0x00, 0x02, 0xc9, 0x03, 0x00, 0x00, 0x10, 0x39 }));
        Assert.That(id, Is.EqualTo(ClientIdentifier.FlexBoot(guid)));
        Assert.That(id.ToColonHex(), Is.EqualTo(ConnectX));
        Assert.That(id.Describe(), Is.EqualTo(ConnectX + " (FlexBoot, GUID 0002:c903:0000:1039)"));
    }

    [Test]
    public void SeedInfiniHostIsInfiniBandAddressWithQpnGidAndGuid()
    {
        ClientIdentifier id = ClientIdentifier.Parse(InfiniHost);
        Assert.That(id.Length, Is.EqualTo(21));
        Assert.That(id.Kind, Is.EqualTo(ClientIdentifierKind.InfiniBandHardwareAddress));
        IPoIBHardwareAddress address = IPoIBHardwareAddress.Read(id.Span[1..]);
        Assert.That(address.Qpn, Is.EqualTo(0x550401u));
        Assert.That(address.Gid.ToString(), Is.EqualTo("fe80::2:c902:23:1392"));
        Assert.That(id.TryGetPortGuid(out PortGuid guid), Is.True);
        Assert.That(guid.ToString(), Is.EqualTo("0002:c902:0023:1392"));
        Assert.That(id.DuidType, Is.EqualTo(DuidType.None));
        Assert.That(id.Iaid, Is.Null);
        Assert.That(id.Describe(), Is.EqualTo(InfiniHost + " (InfiniBand address, QPN 0x550401, GUID 0002:c902:0023:1392)"));
    }

    [Test]
    public void BuildersProduceTheFormsEachBootStageSends()
    {
        PortGuid guid = PortGuid.Parse("0002:c903:0000:1039");
        Assert.That(ClientIdentifier.FlexBoot(guid).ToColonHex(), Is.EqualTo(ConnectX));
        // type 32 + GUID
        Assert.That(ClientIdentifier.InfiniBandGuid(guid).ToColonHex(), Is.EqualTo("20:00:02:c9:03:00:00:10:39"));
        // type 1 + GUID bytes 0,1,2,5,6,7
        Assert.That(ClientIdentifier.IpxeMac(guid).ToColonHex(), Is.EqualTo("01:00:02:c9:00:10:39"));
        // ff, IAID 0x00000001, DUID-LL (00:03), hardware type 32 (00:20), GUID
        Assert.That(ClientIdentifier.Rfc4390(guid, 1).ToColonHex(), Is.EqualTo("ff:00:00:00:01:00:03:00:20:00:02:c9:03:00:00:10:39"));
    }

    [Test]
    public void EveryBuiltFormLeadsBackToTheGuid()
    {
        PortGuid guid = PortGuid.Parse("0x0002c90300001039");
        PortGuid other = PortGuid.Parse("0x0002c90300001040");
        ClientIdentifier[] carrying = [ClientIdentifier.FlexBoot(guid), ClientIdentifier.InfiniBandGuid(guid), ClientIdentifier.Rfc4390(guid, 7)];
        foreach (ClientIdentifier id in carrying)
        {
            Assert.That(id.TryGetPortGuid(out PortGuid found), Is.True, id.Describe());
            Assert.That(found, Is.EqualTo(guid));
            Assert.That(id.MatchesPortGuid(guid), Is.True);
            Assert.That(id.MatchesPortGuid(other), Is.False);
        }

        ClientIdentifier mac = ClientIdentifier.IpxeMac(guid);
        Assert.That(mac.Kind, Is.EqualTo(ClientIdentifierKind.EthernetMac));
        Assert.That(mac.TryGetPortGuid(out _), Is.False);
        Assert.That(mac.MatchesPortGuid(guid), Is.True);
        Assert.That(mac.MatchesPortGuid(other), Is.False);
        // Documented limit: bytes 3 and 4 are not in the MAC, so a GUID differing only there matches too.
        Assert.That(mac.MatchesPortGuid(PortGuid.Parse("0002:c9ff:ff00:1039")), Is.True);
    }

    [Test]
    public void Rfc4390FormIsRfc4361WithDuidLl()
    {
        ClientIdentifier id = ClientIdentifier.Rfc4390(PortGuid.Parse("0002:c903:0000:1039"), 0xdeadbeef);
        Assert.That(id.Kind, Is.EqualTo(ClientIdentifierKind.Rfc4361));
        Assert.That(id.DuidType, Is.EqualTo(DuidType.LinkLayer));
        Assert.That(id.Iaid, Is.EqualTo(0xdeadbeefu));
        Assert.That(id.Describe(), Is.EqualTo("ff:de:ad:be:ef:00:03:00:20:00:02:c9:03:00:00:10:39 (RFC 4361, IAID 0xdeadbeef, DUID-LL, GUID 0002:c903:0000:1039)"));
    }

    [Test]
    public void DuidLltWithIPoIBAddressGivesGuid()
    {
        // ff, IAID 1, DUID-LLT (00:01), hardware type 32 (00:20), time 0x2b3c4d5e, then a 20-byte IPoIB address.
        ClientIdentifier id = ClientIdentifier.Parse(
            "ff:00:00:00:01:00:01:00:20:2b:3c:4d:5e:80:00:00:48:fe:80:00:00:00:00:00:00:00:02:c9:03:00:00:10:39");
        Assert.That(id.Kind, Is.EqualTo(ClientIdentifierKind.Rfc4361));
        Assert.That(id.DuidType, Is.EqualTo(DuidType.LinkLayerPlusTime));
        Assert.That(id.TryGetPortGuid(out PortGuid guid), Is.True);
        Assert.That(guid.ToString(), Is.EqualTo("0002:c903:0000:1039"));
    }

    [Test]
    public void DuidLlOfIpxeMacMatchesGuid()
    {
        // ff, IAID 0, DUID-LL, hardware type 1 (Ethernet), MAC 00:02:c9:00:10:39 (iPXE's MAC of the seed GUID).
        ClientIdentifier id = ClientIdentifier.Parse("ff:00:00:00:00:00:03:00:01:00:02:c9:00:10:39");
        Assert.That(id.TryGetPortGuid(out _), Is.False);
        Assert.That(id.MatchesPortGuid(PortGuid.Parse("0002:c903:0000:1039")), Is.True);
    }

    [TestCase("ff:00:00:00:01:00:04:01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10", DuidType.Uuid)]            // DUID-UUID: not the GUID
    [TestCase("ff:00:00:00:00:00:02:00:00:00:09:00:00:02:c9:03:00:00:10:39", DuidType.EnterpriseNumber)]        // Cisco (9), not Mellanox
    [TestCase("ff:00:00:00:00:00:03:00:20:00:02:c9:03:00:00:10", DuidType.LinkLayer)]                           // IB, 7-byte address
    [TestCase("ff:00:00:00:00:00:03:00:06:00:02:c9:03:00:00:10:39", DuidType.LinkLayer)]                        // 8 bytes but hardware type 6
    public void Rfc4361FormsWithoutGuid(string text, DuidType duidType)
    {
        ClientIdentifier id = ClientIdentifier.Parse(text);
        Assert.That(id.Kind, Is.EqualTo(ClientIdentifierKind.Rfc4361));
        Assert.That(id.DuidType, Is.EqualTo(duidType));
        Assert.That(id.TryGetPortGuid(out _), Is.False);
        Assert.That(id.MatchesPortGuid(PortGuid.Parse("0002:c903:0000:1039")), Is.False);
    }

    [Test]
    public void FlexBootShapeWithNonzeroIaidIsStillFlexBoot()
    {
        ClientIdentifier id = ClientIdentifier.Parse("ff:00:00:00:02:00:02:00:00:02:c9:00:00:02:c9:03:00:00:10:39");
        Assert.That(id.Kind, Is.EqualTo(ClientIdentifierKind.FlexBootConnectX));
        Assert.That(id.Iaid, Is.EqualTo(2u));
    }

    [TestCase("20:00:02:c9:03:00:00:10", ClientIdentifierKind.Other)]       // type 32, 7 bytes
    [TestCase("20:00:02:c9:03:00:00:10:39", ClientIdentifierKind.InfiniBandGuid)]
    [TestCase("ff:00:00:00:00:00", ClientIdentifierKind.Other)]             // too short for a DUID type
    [TestCase("ff:00:00:00:00:00:03", ClientIdentifierKind.Rfc4361)]
    [TestCase("01:00:02:c9:00:10", ClientIdentifierKind.Other)]             // 5-byte MAC
    [TestCase("01:00:02:c9:00:10:39", ClientIdentifierKind.EthernetMac)]
    [TestCase("00:6e:6f:64:65:31", ClientIdentifierKind.Other)]             // type 0 + "node1"
    [TestCase("ff:00:00:00:00:00:02:00:00:02:c9:01:00:02:c9:03:00:00:10:39", ClientIdentifierKind.Rfc4361)] // not FlexBoot: nonzero pad octet
    public void Classification(string text, ClientIdentifierKind kind)
        => Assert.That(ClientIdentifier.Parse(text).Kind, Is.EqualTo(kind));

    [Test]
    public void DefaultIsEmptyAndCarriesNothing()
    {
        ClientIdentifier id = default;
        Assert.That(id.IsEmpty, Is.True);
        Assert.That(id.Kind, Is.EqualTo(ClientIdentifierKind.Other));
        Assert.That(id.TryGetPortGuid(out _), Is.False);
        Assert.That(id.Iaid, Is.Null);
        Assert.That(id.ToColonHex(), Is.EqualTo(""));
        Assert.That(id.Describe(), Is.EqualTo("(no client-identifier)"));
        Assert.That(id, Is.EqualTo(default(ClientIdentifier)));
    }
}
