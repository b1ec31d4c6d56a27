using IPoIBDhcp.Engine;
using IPoIBDhcp.InfiniBand;

namespace IPoIBDhcp.Tests.Engine;

public class LinkAddressTests
{
    [Test]
    public void HoldsIPoIBAndEthernetAddressesInline()
    {
        var ib = IPoIBHardwareAddress.Parse("80:00:00:48:fe:80:00:00:00:00:00:00:00:02:c9:03:00:00:10:39");
        var link = LinkAddress.FromIPoIB(ib);
        Assert.That(link.Length, Is.EqualTo(20));
        Assert.That(link.ToIPoIB().PortGuid.ToString(), Is.EqualTo("0002:c903:0000:1039"));
        Assert.That(link.ToString(), Is.EqualTo("80:00:00:48:fe:80:00:00:00:00:00:00:00:02:c9:03:00:00:10:39"));
        var eth = new LinkAddress([2, 0, 0, 0, 0, 1]);
        Assert.That(eth.ToString(), Is.EqualTo("02:00:00:00:00:01"));
        Assert.That(eth, Is.Not.EqualTo(link));
        Assert.That(new LinkAddress([2, 0, 0, 0, 0, 1]), Is.EqualTo(eth));
        Assert.That(default(LinkAddress).IsEmpty, Is.True);
        Assert.Throws<ArgumentException>(() => new LinkAddress(new byte[21]));
    }
}
