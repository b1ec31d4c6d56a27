using System.Buffers.Binary;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Ip;
using NUnit.Framework;

namespace IPoIBDhcp.Tests.Wire.Ip;

public class IPv4HeaderTests
{
    [Test]
    public void ReadsCapturedDiscoverHeader()
    {
        IPv4Header header = IPv4Header.Read(CapturedDhcpPackets.Discover());
        Assert.That(header.HeaderLength, Is.EqualTo(20));
        Assert.That(header.TypeOfService, Is.EqualTo((byte)0));
        Assert.That(header.TotalLength, Is.EqualTo((ushort)300));
        Assert.That(header.Identification, Is.EqualTo((ushort)0xA836));
        Assert.That(header.DontFragment, Is.False);
        Assert.That(header.TimeToLive, Is.EqualTo((byte)250));
        Assert.That(header.Protocol, Is.EqualTo(IPv4Header.ProtocolUdp));
        Assert.That(header.HeaderChecksum, Is.EqualTo((ushort)0x178B));
        Assert.That(header.SourceAddress, Is.EqualTo(IPv4AddressBits.Any));
        Assert.That(header.DestinationAddress, Is.EqualTo(IPv4AddressBits.Broadcast));
        Assert.That(header.PayloadLength, Is.EqualTo(280));
    }

    [Test]
    public void WritesCapturedDiscoverHeaderBitForBit()
    {
        var header = new IPv4Header(IPv4AddressBits.Any, IPv4AddressBits.Broadcast, IPv4Header.ProtocolUdp, 300, timeToLive: 250, identification: 0xA836);
        byte[] written = new byte[20];
        Assert.That(header.Write(written), Is.EqualTo(20));
        Assert.That(written, Is.EqualTo(CapturedDhcpPackets.Discover().AsSpan(0, 20).ToArray()));
    }

    [Test]
    public void WriteReadRoundTripKeepsEveryField()
    {
        var header = new IPv4Header(0xC0A80001, 0x0A000002, 6, 1500, timeToLive: 1, identification: 0xBEEF, typeOfService: 0xB9, dontFragment: true);
        byte[] packet = new byte[1500];
        header.Write(packet);
        IPv4Header read = IPv4Header.Read(packet);
        Assert.That(read.SourceAddress, Is.EqualTo(0xC0A80001u));
        Assert.That(read.DestinationAddress, Is.EqualTo(0x0A000002u));
        Assert.That(read.Protocol, Is.EqualTo((byte)6));
        Assert.That(read.TotalLength, Is.EqualTo((ushort)1500));
        Assert.That(read.TimeToLive, Is.EqualTo((byte)1));
        Assert.That(read.Identification, Is.EqualTo((ushort)0xBEEF));
        Assert.That(read.Dscp, Is.EqualTo((byte)46)); // 0xB9 >> 2: EF
        Assert.That(read.Ecn, Is.EqualTo((byte)1));
        Assert.That(read.DontFragment, Is.True);
        Assert.That(read.MoreFragments, Is.False);
        Assert.That(read.FragmentOffset, Is.EqualTo((ushort)0));
        Assert.That(read.HeaderChecksum, Is.EqualTo(InternetChecksum.Compute(ZeroChecksum(packet.AsSpan(0, 20).ToArray()))));
    }

    [Test]
    public void OptionsAreSkippedViaIhl()
    {
        // IHL 6: one 4-byte option word (NOP, NOP, NOP, EOL) before the payload.
        byte[] packet = new byte[28];
        new IPv4Header(1, 2, 17, 28).Write(packet);
        packet[0] = 0x46;
        packet[20] = 1;
        packet[21] = 1;
        packet[22] = 1;
        SetChecksum(packet, 24);

        Assert.That(IPv4Header.TryRead(packet, out IPv4Header header, out _), Is.True);
        Assert.That(header.HeaderLength, Is.EqualTo(24));
        Assert.That(header.PayloadLength, Is.EqualTo(4));
    }

    [TestCase(0, 0x65, 0, "IP version is not 4")]
    [TestCase(0, 0x44, 0, "IPv4 header length (IHL) is below 5 words")]
    [TestCase(0, 0x4F, 40, "IPv4 header options run past the end of the buffer")]
    [TestCase(3, 19, 2, "IPv4 total length is shorter than the header")]
    [TestCase(3, 41, 2, "IPv4 total length runs past the end of the buffer")]
    public void StructuralErrorsAreReportedWithOffset(int index, byte value, int offset, string reason)
    {
        byte[] packet = new byte[40];
        new IPv4Header(1, 2, 17, 40).Write(packet);
        packet[index] = value;
        SetChecksum(packet, 20);

        Assert.That(IPv4Header.TryRead(packet, out _, out WireError error), Is.False);
        Assert.That(error, Is.EqualTo(new WireError(offset, reason)));
        var ex = Assert.Throws<WireFormatException>(() => IPv4Header.Read(packet));
        Assert.That(ex?.Error, Is.EqualTo(error));
    }

    [Test]
    public void ChecksumMismatchIsRejectedUnlessVerificationIsSkipped()
    {
        byte[] packet = CapturedDhcpPackets.Discover();
        packet[8] = 64; // TTL changed without fixing the checksum

        Assert.That(IPv4Header.TryRead(packet, out _, out WireError error), Is.False);
        Assert.That(error, Is.EqualTo(new WireError(10, "IPv4 header checksum mismatch")));
        Assert.That(IPv4Header.TryRead(packet, out IPv4Header header, out _, verifyChecksum: false), Is.True);
        Assert.That(header.TimeToLive, Is.EqualTo((byte)64));
    }

    [TestCase((ushort)0x2000)] // MF: first fragment
    [TestCase((ushort)0x0001)] // offset 8 bytes: a later fragment
    [TestCase((ushort)0x3FFF)]
    public void FragmentsAreRejected(ushort flagsAndOffset)
    {
        byte[] packet = new byte[40];
        new IPv4Header(1, 2, 17, 40).Write(packet);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), flagsAndOffset);
        SetChecksum(packet, 20);

        Assert.That(IPv4Header.TryRead(packet, out _, out WireError error), Is.False);
        Assert.That(error.Offset, Is.EqualTo(6));
        Assert.That(error.Reason, Does.Contain("fragment"));
    }

    [Test]
    public void DontFragmentAloneIsAccepted()
    {
        byte[] packet = new byte[20];
        new IPv4Header(1, 2, 17, 20, dontFragment: true).Write(packet);
        Assert.That(IPv4Header.Read(packet).DontFragment, Is.True);
    }

    [Test]
    public void TruncationAtEveryOffsetFailsCleanly()
    {
        byte[] packet = CapturedDhcpPackets.Discover();
        for (int length = 0; length < packet.Length; length++)
        {
            Assert.That(IPv4Header.TryRead(packet.AsSpan(0, length), out _, out WireError error), Is.False, $"length {length}");
            Assert.That(error.Reason, Is.Not.Empty);
        }
    }

    [Test]
    public void WriteNeedsTwentyBytes()
    {
        Assert.Throws<ArgumentException>(() => new IPv4Header(1, 2, 17, 20).Write(new byte[19]));
    }

    private static byte[] ZeroChecksum(byte[] header)
    {
        header[10] = 0;
        header[11] = 0;
        return header;
    }

    private static void SetChecksum(byte[] packet, int headerLength)
    {
        packet[10] = 0;
        packet[11] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), InternetChecksum.Compute(packet.AsSpan(0, headerLength)));
    }
}
