using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Ip;
using NUnit.Framework;

namespace IPoIBDhcp.Tests.Wire.Ip;

public class UdpHeaderTests
{
    [Test]
    public void ReadsCapturedDiscoverHeader()
    {
        UdpHeader header = UdpHeader.Read(CapturedDhcpPackets.Discover().AsSpan(CapturedDhcpPackets.UdpOffset));
        Assert.That(header.SourcePort, Is.EqualTo((ushort)68));
        Assert.That(header.DestinationPort, Is.EqualTo((ushort)67));
        Assert.That(header.Length, Is.EqualTo((ushort)280));
        Assert.That(header.Checksum, Is.EqualTo((ushort)0x591F));
        Assert.That(header.PayloadLength, Is.EqualTo(272));
    }

    [Test]
    public void WriteReadRoundTrip()
    {
        byte[] datagram = new byte[12];
        Assert.That(new UdpHeader(67, 68, 12, 0xABCD).Write(datagram), Is.EqualTo(UdpHeader.Size));
        Assert.That(datagram.AsSpan(0, 8).ToArray(), Is.EqualTo(new byte[] { 0, 67, 0, 68, 0, 12, 0xAB, 0xCD }));
        UdpHeader read = UdpHeader.Read(datagram);
        Assert.That((read.SourcePort, read.DestinationPort, read.Length, read.Checksum), Is.EqualTo(((ushort)67, (ushort)68, (ushort)12, (ushort)0xABCD)));
    }

    [TestCase(7, 8, 7, "UDP header needs 8 bytes")]
    [TestCase(16, 7, 4, "UDP length is below the 8-byte header")]
    [TestCase(16, 17, 4, "UDP length runs past the end of the IP payload")]
    public void RejectsLengthsThatDoNotFit(int available, int lengthField, int offset, string reason)
    {
        byte[] datagram = new byte[Math.Max(available, 8)];
        new UdpHeader(1, 2, (ushort)lengthField).Write(datagram);
        Assert.That(UdpHeader.TryRead(datagram.AsSpan(0, available), out _, out WireError error), Is.False);
        Assert.That(error, Is.EqualTo(new WireError(offset, reason)));
        Assert.Throws<WireFormatException>(() => UdpHeader.Read(datagram.AsSpan(0, available)));
    }
}
