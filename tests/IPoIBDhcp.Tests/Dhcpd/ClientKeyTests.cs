using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Server.Allocation;

namespace IPoIBDhcp.Tests.Dhcpd;

/// <summary>The 16-byte key tells its kinds apart even where their stored words coincide.</summary>
public class ClientKeyTests
{
    [Test]
    public void KindsGuidsAndBytesReadBackAsMade()
    {
        var guid = ClientKey.ForGuid(PortGuid.Parse("0002:c903:0000:1039"));
        Assert.That(guid.Kind, Is.EqualTo(ClientKeyKind.PortGuid));
        Assert.That(guid.Guid, Is.EqualTo(0x0002c90300001039UL));
        Assert.That(guid.Bytes.IsEmpty, Is.True);

        var id = ClientKey.ForClientIdentifier([0xff, 0, 1]);
        Assert.That(id.Kind, Is.EqualTo(ClientKeyKind.ClientIdentifier));
        Assert.That(id.Guid, Is.Zero);
        Assert.That(id.Bytes.ToArray(), Is.EqualTo(new byte[] { 0xff, 0, 1 }));

        var hw = ClientKey.ForHardware(1, [0, 2, 0xc9, 0, 0x10, 0x39]);
        Assert.That(hw.Kind, Is.EqualTo(ClientKeyKind.HardwareAddress));
        Assert.That(hw.Bytes.ToArray(), Is.EqualTo(new byte[] { 1, 0, 2, 0xc9, 0, 0x10, 0x39 }));
    }

    [Test]
    public void AGuidEqualToAKindsNumberIsNotThatKindsKey()
    {
        // The word that holds a GUID holds the kind of a byte key: GUID 1 and 2 must still differ from them.
        var one = ClientKey.ForGuid(new PortGuid((ulong)ClientKeyKind.ClientIdentifier));
        var emptyId = ClientKey.ForClientIdentifier([]);
        Assert.That(one, Is.Not.EqualTo(emptyId));
        Assert.That(emptyId, Is.Not.EqualTo(one));
        Assert.That(ClientKey.ForClientIdentifier([1, 6]), Is.Not.EqualTo(ClientKey.ForHardware(1, [6])));
        Assert.That(ClientKey.ForClientIdentifier([1, 6]), Is.EqualTo(ClientKey.ForClientIdentifier([1, 6])));
        Assert.That(default(ClientKey), Is.EqualTo(ClientKey.ForGuid(new PortGuid(0))));
    }
}
