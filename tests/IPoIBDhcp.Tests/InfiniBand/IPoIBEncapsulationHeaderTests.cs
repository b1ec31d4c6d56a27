using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire;
using NUnit.Framework;

namespace IPoIBDhcp.Tests.InfiniBand;

public class IPoIBEncapsulationHeaderTests
{
    [Test]
    public void ReadsEtherTypeAndIgnoresReserved()
    {
        // 08 00 = IPv4, 00 00 reserved
        Assert.That(IPoIBEncapsulationHeader.Read([0x08, 0x00, 0x00, 0x00]), Is.EqualTo(IPoIBEncapsulationHeader.IPv4));
        // 08 06 = ARP, reserved bytes nonzero: RFC 4391 says ignore on receive
        Assert.That(IPoIBEncapsulationHeader.Read([0x08, 0x06, 0xab, 0xcd]).EtherType, Is.EqualTo(IPoIBEncapsulationHeader.EtherTypeArp));
    }

    [Test]
    public void WritesZeroReserved()
    {
        var bytes = new byte[] { 0xff, 0xff, 0xff, 0xff };
        IPoIBEncapsulationHeader.Arp.Write(bytes);
        Assert.That(bytes, Is.EqualTo(new byte[] { 0x08, 0x06, 0x00, 0x00 }));
        Assert.That(IPoIBEncapsulationHeader.Arp.ToString(), Is.EqualTo("ethertype 0x0806"));
        Assert.Throws<ArgumentException>(() => IPoIBEncapsulationHeader.IPv4.Write(new byte[3]));
    }

    [Test]
    public void TruncationAtEveryOffsetFailsWithTypedError()
    {
        var bytes = new byte[] { 0x08, 0x00, 0x00, 0x00 };
        for (int length = 0; length < bytes.Length; length++)
        {
            Assert.That(IPoIBEncapsulationHeader.TryRead(bytes.AsSpan(0, length), out _, out WireError error), Is.False);
            Assert.That(error.Offset, Is.EqualTo(length));
            int l = length;
            Assert.Throws<WireFormatException>(() => IPoIBEncapsulationHeader.Read(bytes.AsSpan(0, l)));
        }
    }
}
