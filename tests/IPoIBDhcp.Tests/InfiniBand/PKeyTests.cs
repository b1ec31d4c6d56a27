using IPoIBDhcp.InfiniBand;
using NUnit.Framework;

namespace IPoIBDhcp.Tests.InfiniBand;

public class PKeyTests
{
    [TestCase("0x8001", (ushort)0x8001)]
    [TestCase("0X8001", (ushort)0x8001)]
    [TestCase("8001", (ushort)0x8001)]   // bare digits are hex, as in OpenSM/sysfs
    [TestCase("0x7fff", (ushort)0x7fff)]
    [TestCase("ffff", (ushort)0xffff)]
    [TestCase("0x1", (ushort)0x0001)]
    [TestCase("10", (ushort)0x0010)]     // hex, not decimal ten
    public void ParsesHex(string text, ushort expected)
    {
        Assert.That(PKey.TryParse(text, out PKey pkey), Is.True);
        Assert.That(pkey.Value, Is.EqualTo(expected));
        Assert.That(PKey.Parse(text), Is.EqualTo(pkey));
    }

    [TestCase("")]
    [TestCase("0x")]
    [TestCase("0x10000")]
    [TestCase("32769")]     // decimal is not accepted: five digits
    [TestCase("0x0000")]    // invalid P_Key
    [TestCase("0x8000")]    // invalid P_Key, full member
    [TestCase("-1")]
    [TestCase("0x80 1")]
    public void RejectsMalformedOrInvalid(string text)
    {
        Assert.That(PKey.TryParse(text, out _), Is.False);
        Assert.Throws<FormatException>(() => PKey.Parse(text));
    }

    [Test]
    public void MembershipAndBase()
    {
        var full = new PKey(0x8001);
        var limited = new PKey(0x0001);
        Assert.That(full.IsFullMember, Is.True);
        Assert.That(limited.IsFullMember, Is.False);
        Assert.That(full.Base, Is.EqualTo(1));
        Assert.That(limited.Base, Is.EqualTo(1));
        Assert.That(limited.AsFull(), Is.EqualTo(full));
        Assert.That(full == limited, Is.False);
        Assert.That(PKey.Default.Value, Is.EqualTo(0xffff));
        Assert.That(PKey.Default.Base, Is.EqualTo(0x7fff));
        Assert.That(new PKey(0x8000).IsValid, Is.False);
    }

    [Test]
    public void FormatsAsPrefixedFourDigitHex()
    {
        Assert.That(new PKey(0x8001).ToString(), Is.EqualTo("0x8001"));
        Assert.That(new PKey(0x0012).ToString(), Is.EqualTo("0x0012"));
        Assert.That(PKey.Default.ToString(), Is.EqualTo("0xffff"));
    }

    [TestCase((ushort)0x8001, "ib0", "ib0.8001")]
    [TestCase((ushort)0x0001, "ib0", "ib0.8001")]   // Linux sets the full bit before naming
    [TestCase((ushort)0x7fff, "ib1", "ib1.ffff")]
    [TestCase((ushort)0x8abc, "ibp5s0", "ibp5s0.8abc")]
    public void ChildInterfaceNameUsesFullMemberP_Key(ushort value, string parent, string expected)
        => Assert.That(new PKey(value).ChildInterfaceName(parent), Is.EqualTo(expected));

    [Test]
    public void ChildInterfaceNameRespectsIfNameSize()
    {
        Assert.That(new PKey(0x8001).ChildInterfaceName("ibp129s0f1"), Is.EqualTo("ibp129s0f1.8001")); // exactly 15
        Assert.Throws<ArgumentException>(() => new PKey(0x8001).ChildInterfaceName("ibp129s0f10"));
        Assert.Throws<ArgumentException>(() => new PKey(0x8001).ChildInterfaceName(""));
    }
}
