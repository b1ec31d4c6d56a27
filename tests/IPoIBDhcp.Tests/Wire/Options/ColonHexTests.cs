using IPoIBDhcp.Wire.Options;
using NUnit.Framework;

namespace IPoIBDhcp.Tests.Wire.Options;

/// <summary>Colon-hex as ISC reads it: one or two hex digits per group, nothing else; a refusal leaves the buffer as it was.</summary>
public sealed class ColonHexTests
{
    [TestCase("01:02:0a:ff", new byte[] { 1, 2, 10, 255 })]
    [TestCase("1:2:A:Ff", new byte[] { 1, 2, 10, 255 })]
    [TestCase("  ff:00:2  ", new byte[] { 255, 0, 2 })]
    [TestCase("7", new byte[] { 7 })]
    public void AcceptsOneOrTwoDigitGroups(string text, byte[] expected)
    {
        var bytes = new List<byte> { 0x42 };
        Assert.That(OptionValueCodec.TryParseColonHex(text, bytes), Is.True);
        Assert.That(bytes, Is.EqualTo(new byte[] { 0x42 }.Concat(expected)));
    }

    [TestCase("")]
    [TestCase(":")]
    [TestCase("01::02")]
    [TestCase("01:")]
    [TestCase(":01")]
    [TestCase("123")]
    [TestCase("0g")]
    [TestCase("g")]
    [TestCase("01:02:xyz")]
    [TestCase("01 :02")]
    public void RefusesAnythingElseAndKeepsTheBuffer(string text)
    {
        var bytes = new List<byte> { 0x42 };
        Assert.That(OptionValueCodec.TryParseColonHex(text, bytes), Is.False);
        Assert.That(bytes, Is.EqualTo(new byte[] { 0x42 }));
    }
}
