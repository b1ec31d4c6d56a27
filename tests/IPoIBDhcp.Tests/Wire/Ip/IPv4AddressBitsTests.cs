using System.Net;
using IPoIBDhcp.Wire.Ip;
using NUnit.Framework;

namespace IPoIBDhcp.Tests.Wire.Ip;

public class IPv4AddressBitsTests
{
    [TestCase("192.0.2.1", 0xC0000201u)]
    [TestCase("0.0.0.0", 0u)]
    [TestCase("255.255.255.255", 0xFFFFFFFFu)]
    [TestCase("10.1.2.3", 0x0A010203u)]
    public void ConvertsBothWays(string text, uint value)
    {
        Assert.That(IPv4AddressBits.FromIPAddress(IPAddress.Parse(text)), Is.EqualTo(value));
        Assert.That(IPv4AddressBits.ToIPAddress(value), Is.EqualTo(IPAddress.Parse(text)));
    }

    [Test]
    public void AcceptsIPv4MappedIPv6()
    {
        Assert.That(IPv4AddressBits.FromIPAddress(IPAddress.Parse("::ffff:192.0.2.1")), Is.EqualTo(0xC0000201u));
    }

    [Test]
    public void RejectsIPv6()
    {
        Assert.Throws<ArgumentException>(() => IPv4AddressBits.FromIPAddress(IPAddress.Parse("fe80::1")));
    }
}
