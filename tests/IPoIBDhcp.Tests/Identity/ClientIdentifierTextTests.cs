using IPoIBDhcp.Identity;
using IPoIBDhcp.Wire;
using NUnit.Framework;

namespace IPoIBDhcp.Tests.Identity;

public class ClientIdentifierTextTests
{
    [Test]
    public void ColonHexAcceptsSingleDigitGroupsAndFormatsTwoDigits()
    {
        ClientIdentifier id = ClientIdentifier.Parse("1:2:a:FF");
        Assert.That(id.Span.ToArray(), Is.EqualTo(new byte[] { 0x01, 0x02, 0x0a, 0xff }));
        Assert.That(id.ToColonHex(), Is.EqualTo("01:02:0a:ff"));
        Assert.That(id.ToString(), Is.EqualTo("01:02:0a:ff"));
    }

    [TestCase("")]
    [TestCase(":")]
    [TestCase("01::02")]
    [TestCase("01:")]
    [TestCase("001:02")]
    [TestCase("0g")]
    [TestCase("\"abc\"")]   // quoted strings belong to the lease uid parser, not here
    [TestCase("01 02")]
    public void ColonHexRejectsMalformed(string text)
    {
        Assert.That(ClientIdentifier.TryParse(text, out _), Is.False);
        Assert.Throws<FormatException>(() => ClientIdentifier.Parse(text));
    }

    [Test]
    public void ColonHexRejectsMoreThan255Octets()
    {
        string ok = string.Join(':', Enumerable.Repeat("ab", 255));
        Assert.That(ClientIdentifier.Parse(ok).Length, Is.EqualTo(255));
        Assert.That(ClientIdentifier.TryParse(ok + ":ab", out _), Is.False);
    }

    // ISC dhcpd.leases `uid` as quotify_buf writes it (lease-id-format octal, the default).
    [TestCase("ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:00:10:39",
        @"""\377\000\000\000\000\000\002\000\000\002\311\000\000\002\311\003\000\000\0209""")]           // seed ConnectX; 0x39 is '9'
    [TestCase("20:00:55:04:01:fe:80:00:00:00:00:00:00:00:02:c9:02:00:23:13:92",
        @""" \000U\004\001\376\200\000\000\000\000\000\000\000\002\311\002\000#\023\222""")]              // seed InfiniHost; 0x20 is ' ', 0x55 'U', 0x23 '#'
    [TestCase("01:00:02:c9:00:10:39", @"""\001\000\002\311\000\0209""")]                                  // iPXE MAC
    [TestCase("00:6e:6f:64:65:31", @"""\000node1""")]                                                     // type 0 + text
    [TestCase("22:5c:7e:7f:20", @"""\""\\~\177 """)]                                                      // quote, backslash escaped; ~ kept; DEL octal
    public void IscLeaseUidMatchesQuotifyBuf(string hex, string uid)
    {
        ClientIdentifier id = ClientIdentifier.Parse(hex);
        Assert.That(id.ToIscLeaseUid(), Is.EqualTo(uid));
        Assert.That(ClientIdentifier.ParseIscLeaseUid(uid), Is.EqualTo(id));
    }

    [Test]
    public void IscLeaseUidParserReadsColonHexForm()
    {
        // Older dhcpd and lease-id-format hex write the uid unquoted.
        Assert.That(ClientIdentifier.ParseIscLeaseUid("ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:00:10:39").Kind,
            Is.EqualTo(ClientIdentifierKind.FlexBootConnectX));
    }

    [TestCase(@"""\x41\t\r\n\b""", new byte[] { 0x41, 0x09, 0x0d, 0x0a, 0x08 })] // ISC lexer escapes
    [TestCase(@"""\q\4""", new byte[] { (byte)'q', (byte)'4' })]                   // other escaped chars stand for themselves (\4.. is not octal to ISC)
    [TestCase(@"""a b""", new byte[] { (byte)'a', (byte)' ', (byte)'b' })]
    public void IscLeaseUidParserFollowsIscLexer(string uid, byte[] expected)
        => Assert.That(ClientIdentifier.ParseIscLeaseUid(uid).Span.ToArray(), Is.EqualTo(expected));

    [TestCase(@"""")]            // lone quote
    [TestCase(@"""""")]          // empty string: no identifier
    [TestCase(@"""abc")]         // unterminated
    [TestCase(@"""a""b""")]      // quote inside
    [TestCase(@"""\39""")]       // octal needs three digits
    [TestCase(@"""\0""")]
    [TestCase(@"""\x4""")]       // hex needs two digits
    [TestCase(@"""\xzz""")]
    [TestCase(@"""abc\""")]      // escape runs into the closing quote
    [TestCase("")]
    public void IscLeaseUidParserRejectsMalformed(string uid)
    {
        Assert.That(ClientIdentifier.TryParseIscLeaseUid(uid, out _), Is.False);
        Assert.Throws<FormatException>(() => ClientIdentifier.ParseIscLeaseUid(uid));
    }

    [Test]
    public void IscLeaseUidTruncationSweepNeverThrows()
    {
        string uid = ClientIdentifier.Parse("20:00:55:04:01:fe:80:00:00:00:00:00:00:00:02:c9:02:00:23:13:92").ToIscLeaseUid();
        for (int length = 0; length < uid.Length; length++)
        {
            // Every proper prefix lacks the closing quote.
            Assert.That(ClientIdentifier.TryParseIscLeaseUid(uid.AsSpan(0, length), out _), Is.False);
        }
        Assert.That(ClientIdentifier.TryParseIscLeaseUid(uid, out _), Is.True);
    }

    [Test]
    public void FromBytesRejectsEmptyAndOversize()
    {
        Assert.That(ClientIdentifier.TryRead([], out _, out WireError empty), Is.False);
        Assert.That(empty.Offset, Is.EqualTo(0));
        Assert.That(ClientIdentifier.TryRead(new byte[256], out _, out WireError big), Is.False);
        Assert.That(big.Offset, Is.EqualTo(255));
        Assert.Throws<WireFormatException>(() => ClientIdentifier.FromBytes([]));
        Assert.That(ClientIdentifier.FromBytes(new byte[255]).Length, Is.EqualTo(255));
    }

    [Test]
    public void WriteCopiesBytes()
    {
        ClientIdentifier id = ClientIdentifier.Parse("01:02:03");
        var buffer = new byte[4];
        Assert.That(id.Write(buffer), Is.EqualTo(3));
        Assert.That(buffer, Is.EqualTo(new byte[] { 1, 2, 3, 0 }));
        Assert.Throws<ArgumentException>(() => id.Write(new byte[2]));
    }
}
