using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire;
using NUnit.Framework;

namespace IPoIBDhcp.Tests.InfiniBand;

public class IPoIBHardwareAddressTests
{
    // /sys/class/net/ib0/address of the seed's ConnectX port.
    private const string SysfsText = "80:00:00:48:fe:80:00:00:00:00:00:00:00:02:c9:03:00:00:10:39";

    private static readonly byte[] SysfsBytes =
    [
        0x80,                                           // flags: connected mode supported
        0x00, 0x00, 0x48,                               // QPN 0x000048
        0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // GID subnet prefix fe80::/64
        0x00, 0x02, 0xc9, 0x03, 0x00, 0x00, 0x10, 0x39, // GID interface id = port GUID
    ];

    [Test]
    public void DecodesSysfsAddress()
    {
        IPoIBHardwareAddress address = IPoIBHardwareAddress.Parse(SysfsText);
        Assert.That(address.ConnectedMode, Is.True);
        Assert.That(address.Flags, Is.EqualTo(0x80));
        Assert.That(address.Qpn, Is.EqualTo(0x48u));
        Assert.That(address.Gid, Is.EqualTo(Gid.Parse("fe80::2:c903:0:1039")));
        Assert.That(address.PortGuid, Is.EqualTo(PortGuid.Parse("0002:c903:0000:1039")));
        Assert.That(address.IsBroadcast, Is.False);
        Assert.That(address.ToString(), Is.EqualTo(SysfsText));
        Assert.That(IPoIBHardwareAddress.Read(SysfsBytes), Is.EqualTo(address));
    }

    [Test]
    public void InfiniHostAddressFromSeedClientId()
    {
        // Bytes 1..20 of the seed's gPXE client-identifier: flags 00, QPN 55:04:01, GID fe80::2:c902:23:1392.
        IPoIBHardwareAddress address = IPoIBHardwareAddress.Parse("00:55:04:01:fe:80:00:00:00:00:00:00:00:02:c9:02:00:23:13:92");
        Assert.That(address.ConnectedMode, Is.False);
        Assert.That(address.Qpn, Is.EqualTo(0x550401u));
        Assert.That(address.Gid.ToString(), Is.EqualTo("fe80::2:c902:23:1392"));
        Assert.That(address.PortGuid.ToString(), Is.EqualTo("0002:c902:0023:1392"));
    }

    [Test]
    public void WriteProducesGoldenBytes()
    {
        var address = new IPoIBHardwareAddress(true, 0x48, Gid.LinkLocal(PortGuid.Parse("0x0002c90300001039")));
        var bytes = new byte[20];
        address.Write(bytes);
        Assert.That(bytes, Is.EqualTo(SysfsBytes));
    }

    [Test]
    public void BroadcastOfDefaultPartitionMatchesLinuxBrd()
    {
        // `ip link show ib0`: brd 00:ff:ff:ff:ff:12:40:1b:ff:ff:00:00:00:00:00:00:ff:ff:ff:ff
        IPoIBHardwareAddress broadcast = IPoIBHardwareAddress.Broadcast(PKey.Default);
        Assert.That(broadcast.ToString(), Is.EqualTo("00:ff:ff:ff:ff:12:40:1b:ff:ff:00:00:00:00:00:00:ff:ff:ff:ff"));
        Assert.That(broadcast.Qpn, Is.EqualTo(IPoIBHardwareAddress.BroadcastQpn));
        Assert.That(broadcast.Gid.ToString(), Is.EqualTo("ff12:401b:ffff::ffff:ffff"));
        Assert.That(broadcast.IsBroadcast, Is.True);
        Assert.That(broadcast.BroadcastPKey, Is.EqualTo(PKey.Default));
    }

    [Test]
    public void BroadcastSetsFullMembershipBitInMgid()
    {
        // A limited-member P_Key 0x0001 still joins the MGID of 0x8001 (RFC 4391 section 4).
        IPoIBHardwareAddress broadcast = IPoIBHardwareAddress.Broadcast(new PKey(0x0001));
        Assert.That(broadcast.ToString(), Is.EqualTo("00:ff:ff:ff:ff:12:40:1b:80:01:00:00:00:00:00:00:ff:ff:ff:ff"));
        Assert.That(broadcast.Gid.ToString(), Is.EqualTo("ff12:401b:8001::ffff:ffff"));
        Assert.That(broadcast.BroadcastPKey, Is.EqualTo(new PKey(0x8001)));
        Assert.That(broadcast, Is.EqualTo(IPoIBHardwareAddress.Broadcast(new PKey(0x8001))));
    }

    [Test]
    public void IsBroadcastAcceptsOtherScopesButNotOtherGroups()
    {
        // Site-local scope (5) broadcast is still the IPv4 broadcast group.
        Assert.That(IPoIBHardwareAddress.Parse("00:ff:ff:ff:ff:15:40:1b:80:01:00:00:00:00:00:00:ff:ff:ff:ff").IsBroadcast, Is.True);
        // IPv6 signature 0x601b: all-nodes, not IPv4 broadcast.
        Assert.That(IPoIBHardwareAddress.Parse("00:ff:ff:ff:ff:12:60:1b:80:01:00:00:00:00:00:00:00:00:00:01").IsBroadcast, Is.False);
        // Right MGID but a unicast QPN.
        Assert.That(IPoIBHardwareAddress.Parse("00:00:00:01:ff:12:40:1b:80:01:00:00:00:00:00:00:ff:ff:ff:ff").IsBroadcast, Is.False);
    }

    [Test]
    public void ReservedFlagBitsSurviveRoundTrip()
    {
        var bytes = (byte[])SysfsBytes.Clone();
        bytes[0] = 0x41; // reserved bits set, connected-mode bit clear
        IPoIBHardwareAddress address = IPoIBHardwareAddress.Read(bytes);
        Assert.That(address.ConnectedMode, Is.False);
        Assert.That(address.Flags, Is.EqualTo(0x41));
        var back = new byte[20];
        address.Write(back);
        Assert.That(back, Is.EqualTo(bytes));
    }

    [Test]
    public void QpnMustFit24Bits()
        => Assert.Throws<ArgumentOutOfRangeException>(() => _ = new IPoIBHardwareAddress(false, 0x1000000, default));

    [TestCase("")]
    [TestCase("80:00:00:48:fe:80:00:00:00:00:00:00:00:02:c9:03:00:00:10")]       // 19 octets
    [TestCase("80:00:00:48:fe:80:00:00:00:00:00:00:00:02:c9:03:00:00:10:39:00")] // 21 octets
    [TestCase("80:00:00:48:fe:80:00:00:00:00:00:00:00:02:c9:03:00:00:10:3g")]
    [TestCase("80-00-00-48-fe-80-00-00-00-00-00-00-00-02-c9-03-00-00-10-39")]
    public void RejectsMalformedText(string text)
    {
        Assert.That(IPoIBHardwareAddress.TryParse(text, out _), Is.False);
        Assert.Throws<FormatException>(() => IPoIBHardwareAddress.Parse(text));
    }

    [Test]
    public void TruncationAtEveryOffsetFailsWithTypedError()
    {
        for (int length = 0; length < SysfsBytes.Length; length++)
        {
            Assert.That(IPoIBHardwareAddress.TryRead(SysfsBytes.AsSpan(0, length), out _, out WireError error), Is.False);
            Assert.That(error.Offset, Is.EqualTo(length));
            int l = length;
            Assert.Throws<WireFormatException>(() => IPoIBHardwareAddress.Read(SysfsBytes.AsSpan(0, l)));
        }
        Assert.Throws<ArgumentException>(() => IPoIBHardwareAddress.Parse(SysfsText).Write(new byte[19]));
    }

    [Test]
    public void SeededRandomRoundTrips()
    {
        var random = new Random(4755);
        var bytes = new byte[20];
        var back = new byte[20];
        for (int i = 0; i < 2000; i++)
        {
            random.NextBytes(bytes);
            Assert.That(IPoIBHardwareAddress.TryRead(bytes, out IPoIBHardwareAddress address, out _), Is.True);
            address.Write(back);
            Assert.That(back, Is.EqualTo(bytes));
            Assert.That(IPoIBHardwareAddress.Parse(address.ToString()), Is.EqualTo(address));
            Assert.That(address.PortGuid, Is.EqualTo(PortGuid.Read(bytes.AsSpan(12))));
        }
    }
}
