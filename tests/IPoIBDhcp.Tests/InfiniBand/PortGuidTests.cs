using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire;
using NUnit.Framework;

namespace IPoIBDhcp.Tests.InfiniBand;

public class PortGuidTests
{
    // The seed's ConnectX port GUID (Mellanox OUI 00:02:c9).
    private const ulong SeedGuid = 0x0002_c903_0000_1039;

    [TestCase("0002:c903:0000:1039")]       // sysfs node_guid form
    [TestCase("0x0002c90300001039")]        // ibstat / OpenSM form
    [TestCase("0X0002C90300001039")]        // upper case
    [TestCase("0002c90300001039")]          // 16 bare hex digits
    [TestCase("00:02:c9:03:00:00:10:39")]   // colon octets
    [TestCase("2:c903:0:1039")]             // short 16-bit groups
    [TestCase("0x2c90300001039")]           // leading zeros dropped after 0x
    public void AcceptedTextFormsAllGiveTheSameGuid(string text)
    {
        Assert.That(PortGuid.TryParse(text, out PortGuid guid), Is.True);
        Assert.That(guid.Value, Is.EqualTo(SeedGuid));
        Assert.That(PortGuid.Parse(text), Is.EqualTo(guid));
    }

    [TestCase("")]
    [TestCase("0x")]
    [TestCase("0x10002c90300001039")]       // 17 digits
    [TestCase("0002c9030000103")]           // 15 bare digits: ambiguous, rejected
    [TestCase("0002:c903:0000")]            // 3 groups
    [TestCase("0002:c903:0000:10390")]      // 5-digit group
    [TestCase("0002:c903::1039")]           // empty group
    [TestCase("00:02:c9:03:00:00:10")]      // 7 octets
    [TestCase("00:02:c9:03:00:00:10:399")]  // 3-digit octet
    [TestCase("0002:c903:0000:103g")]
    [TestCase(" 0x0002c90300001039")]
    [TestCase("0x-1")]
    [TestCase("+0002c90300001039")]
    public void RejectsMalformedText(string text)
    {
        Assert.That(PortGuid.TryParse(text, out _), Is.False);
        Assert.Throws<FormatException>(() => PortGuid.Parse(text));
    }

    [Test]
    public void FormatsAsSysfsGroupsAndAsOpenSmHex()
    {
        var guid = new PortGuid(SeedGuid);
        Assert.That(guid.ToString(), Is.EqualTo("0002:c903:0000:1039"));
        Assert.That(guid.ToPrefixedHex(), Is.EqualTo("0x0002c90300001039"));
        Assert.That(new PortGuid(ulong.MaxValue).ToString(), Is.EqualTo("ffff:ffff:ffff:ffff"));
        Assert.That(default(PortGuid).ToString(), Is.EqualTo("0000:0000:0000:0000"));
    }

    [Test]
    public void TryFormatRefusesShortBuffer()
    {
        Span<char> small = stackalloc char[PortGuid.FormattedLength - 1];
        Assert.That(new PortGuid(SeedGuid).TryFormat(small, out _), Is.False);
    }

    [Test]
    public void WireBytesAreBigEndian()
    {
        var bytes = new byte[8];
        new PortGuid(SeedGuid).Write(bytes);
        Assert.That(bytes, Is.EqualTo(new byte[] { 0x00, 0x02, 0xc9, 0x03, 0x00, 0x00, 0x10, 0x39 }));
        Assert.That(PortGuid.Read(bytes).Value, Is.EqualTo(SeedGuid));
    }

    [Test]
    public void TruncationAtEveryOffsetFailsWithTypedError()
    {
        var bytes = new byte[] { 0x00, 0x02, 0xc9, 0x03, 0x00, 0x00, 0x10, 0x39 };
        for (int length = 0; length < bytes.Length; length++)
        {
            Assert.That(PortGuid.TryRead(bytes.AsSpan(0, length), out _, out WireError error), Is.False);
            Assert.That(error.Offset, Is.EqualTo(length));
            int l = length;
            Assert.Throws<WireFormatException>(() => PortGuid.Read(bytes.AsSpan(0, l)));
        }
        Assert.Throws<ArgumentException>(() => new PortGuid(SeedGuid).Write(new byte[7]));
    }

    [Test]
    public void IpxeMacTakesGuidBytes0125671()
    {
        // iPXE IPOIB_GUID_MASK 0xe7: bytes 0,1,2 (00 02 c9) and 5,6,7 (00 10 39); bytes 3,4 (03 00) dropped.
        var guid = new PortGuid(SeedGuid);
        Assert.That(guid.ToEui48Mac().GetAddressBytes(), Is.EqualTo(new byte[] { 0x00, 0x02, 0xc9, 0x00, 0x10, 0x39 }));
        Assert.That(guid.MatchesEui48Mac(new byte[] { 0x00, 0x02, 0xc9, 0x00, 0x10, 0x39 }), Is.True);
        Assert.That(guid.MatchesEui48Mac(new byte[] { 0x00, 0x02, 0xc9, 0x00, 0x10, 0x3a }), Is.False);
        Assert.That(guid.MatchesEui48Mac(new byte[] { 0x00, 0x02, 0xc9, 0x00, 0x10 }), Is.False);
    }

    [Test]
    public void EqualityAndOrdering()
    {
        Assert.That(new PortGuid(1) == new PortGuid(1), Is.True);
        Assert.That(new PortGuid(1) != new PortGuid(2), Is.True);
        Assert.That(new PortGuid(1).Equals((object)new PortGuid(1)), Is.True);
        Assert.That(new PortGuid(1).CompareTo(new PortGuid(2)), Is.LessThan(0));
        Assert.That(new PortGuid(7).GetHashCode(), Is.EqualTo(new PortGuid(7).GetHashCode()));
    }

    [Test]
    public void SeededRandomRoundTrips()
    {
        var random = new Random(4391);
        var bytes = new byte[8];
        for (int i = 0; i < 2000; i++)
        {
            random.NextBytes(bytes);
            PortGuid guid = PortGuid.Read(bytes);
            var back = new byte[8];
            guid.Write(back);
            Assert.That(back, Is.EqualTo(bytes));
            Assert.That(PortGuid.Parse(guid.ToString()), Is.EqualTo(guid));
            Assert.That(PortGuid.Parse(guid.ToPrefixedHex()), Is.EqualTo(guid));
        }
    }

    [Test]
    public void RandomTextNeverThrows()
    {
        var random = new Random(61);
        const string alphabet = "0123456789abcdefxX:g -";
        var chars = new char[24];
        for (int i = 0; i < 5000; i++)
        {
            int length = random.Next(chars.Length);
            for (int j = 0; j < length; j++)
                chars[j] = alphabet[random.Next(alphabet.Length)];
            Assert.DoesNotThrow(() => PortGuid.TryParse(chars.AsSpan(0, length), out _));
        }
    }
}
