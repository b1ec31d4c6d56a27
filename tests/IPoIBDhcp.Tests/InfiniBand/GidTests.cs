using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire;
using NUnit.Framework;

namespace IPoIBDhcp.Tests.InfiniBand;

public class GidTests
{
    // The seed's InfiniHost III Ex port GID.
    private static readonly byte[] InfiniHostGid =
    [
        0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // subnet prefix fe80::/64
        0x00, 0x02, 0xc9, 0x02, 0x00, 0x23, 0x13, 0x92, // interface id = port GUID 0002:c902:0023:1392
    ];

    [Test]
    public void ParsesIPv6TextIntoPrefixAndGuid()
    {
        Gid gid = Gid.Parse("fe80::2:c902:23:1392");
        Assert.That(gid.SubnetPrefix, Is.EqualTo(Gid.LinkLocalPrefix));
        Assert.That(gid.InterfaceId, Is.EqualTo(PortGuid.Parse("0002:c902:0023:1392")));
        Assert.That(gid.IsLinkLocal, Is.True);
        Assert.That(gid.IsMulticast, Is.False);
        Assert.That(gid.ToString(), Is.EqualTo("fe80::2:c902:23:1392"));
    }

    [Test]
    public void WireBytesMatchGolden()
    {
        var bytes = new byte[16];
        Gid.Parse("fe80::2:c902:23:1392").Write(bytes);
        Assert.That(bytes, Is.EqualTo(InfiniHostGid));
        Assert.That(Gid.Read(InfiniHostGid).ToString(), Is.EqualTo("fe80::2:c902:23:1392"));
    }

    [Test]
    public void LinkLocalFromGuid()
    {
        Gid gid = Gid.LinkLocal(PortGuid.Parse("0002:c903:0000:1039"));
        Assert.That(gid.ToString(), Is.EqualTo("fe80::2:c903:0:1039"));
        Assert.That(gid, Is.EqualTo(new Gid(0xfe80_0000_0000_0000, new PortGuid(0x0002_c903_0000_1039))));
    }

    [Test]
    public void BroadcastMgidIsMulticast()
    {
        Gid mgid = Gid.Parse("ff12:401b:8001::ffff:ffff");
        Assert.That(mgid.IsMulticast, Is.True);
        Assert.That(mgid.IsLinkLocal, Is.False);
    }

    [TestCase("")]
    [TestCase("fe80::1%ib0")]   // zone ids belong to sockets, not GIDs
    [TestCase("10.0.0.1")]      // IPv4
    [TestCase("fe80:0:0:0:2:c902:23:1392:1")]  // nine groups
    [TestCase("not a gid")]
    public void RejectsNonGids(string text)
    {
        Assert.That(Gid.TryParse(text, out _), Is.False);
        Assert.Throws<FormatException>(() => Gid.Parse(text));
    }

    [Test]
    public void TruncationAtEveryOffsetFailsWithTypedError()
    {
        for (int length = 0; length < InfiniHostGid.Length; length++)
        {
            Assert.That(Gid.TryRead(InfiniHostGid.AsSpan(0, length), out _, out WireError error), Is.False);
            Assert.That(error.Offset, Is.EqualTo(length));
            int l = length;
            Assert.Throws<WireFormatException>(() => Gid.Read(InfiniHostGid.AsSpan(0, l)));
        }
    }

    [Test]
    public void SeededRandomRoundTrips()
    {
        var random = new Random(4392);
        var bytes = new byte[16];
        var back = new byte[16];
        for (int i = 0; i < 2000; i++)
        {
            random.NextBytes(bytes);
            Gid gid = Gid.Read(bytes);
            gid.Write(back);
            Assert.That(back, Is.EqualTo(bytes));
            Assert.That(Gid.Parse(gid.ToString()), Is.EqualTo(gid));
        }
    }
}
