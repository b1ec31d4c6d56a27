using System.Buffers.Binary;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Ip;
using NUnit.Framework;

namespace IPoIBDhcp.Tests.Wire.Ip;

public class IPv4UdpCodecTests
{
    private static readonly IPv4UdpEndpoints DiscoverEndpoints = new(IPv4AddressBits.Any, 68, IPv4AddressBits.Broadcast, 67);

    [Test]
    public void ReadsCapturedDiscover()
    {
        byte[] packet = CapturedDhcpPackets.Discover();
        Assert.That(IPv4UdpCodec.TryRead(packet, ChecksumPolicy.Verify, out UdpPacketView view, out UdpReadStatus status, out WireError error), Is.True, error.ToString());
        Assert.That(status, Is.EqualTo(UdpReadStatus.Ok));
        Assert.That(view.Endpoints, Is.EqualTo(DiscoverEndpoints));
        Assert.That(view.TimeToLive, Is.EqualTo((byte)250));
        Assert.That(view.ChecksumState, Is.EqualTo(UdpChecksumState.Verified));
        Assert.That(view.Udp.Checksum, Is.EqualTo((ushort)0x591F));
        Assert.That(view.Payload.ToArray(), Is.EqualTo(packet.AsSpan(CapturedDhcpPackets.PayloadOffset).ToArray()));
        Assert.That(view.Payload.Length, Is.EqualTo(272));
    }

    [Test]
    public void WritesCapturedDiscoverBitForBit()
    {
        byte[] expected = CapturedDhcpPackets.Discover();
        byte[] packet = new byte[400];
        int length = IPv4UdpCodec.Write(packet, DiscoverEndpoints, expected.AsSpan(CapturedDhcpPackets.PayloadOffset), ttl: 250, identification: 0xA836);
        Assert.That(length, Is.EqualTo(300));
        Assert.That(packet.AsSpan(0, length).ToArray(), Is.EqualTo(expected)); // IPv4 checksum 0x178B, UDP 0x591F
    }

    [Test]
    public void OffloadedOfferFailsVerificationButPassesWhenHardwareIsTrusted()
    {
        byte[] packet = CapturedDhcpPackets.Offer();
        Assert.That(IPv4UdpCodec.TryRead(packet, ChecksumPolicy.Verify, out _, out UdpReadStatus status, out WireError error), Is.False);
        Assert.That(status, Is.EqualTo(UdpReadStatus.ChecksumError));
        Assert.That(error, Is.EqualTo(new WireError(10, "IPv4 header checksum mismatch")));

        Assert.That(IPv4UdpCodec.TryRead(packet, ChecksumPolicy.TrustHardware, out UdpPacketView view, out status, out _), Is.True);
        Assert.That(status, Is.EqualTo(UdpReadStatus.Ok));
        Assert.That(view.Endpoints, Is.EqualTo(new IPv4UdpEndpoints(0xC0A80001, 67, 0xC0A8000A, 68)));
        Assert.That(view.ChecksumState, Is.EqualTo(UdpChecksumState.Trusted));
        Assert.That(view.TimeToLive, Is.EqualTo((byte)128));
        Assert.That(view.Payload.Length, Is.EqualTo(300));
        Assert.That(view.Payload[0], Is.EqualTo((byte)2)); // BOOTREPLY
    }

    [Test]
    public void OfferWithHeaderChecksumFilledInVerifies()
    {
        byte[] packet = CapturedDhcpPackets.Offer();
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), 0xB404); // what the NIC would have inserted
        Assert.That(IPv4UdpCodec.Read(packet).ChecksumState, Is.EqualTo(UdpChecksumState.Verified));
    }

    [Test]
    public void EthernetPaddingAfterTotalLengthIsIgnored()
    {
        byte[] packet = new byte[28 + 4 + 14];
        packet.AsSpan().Fill(0xEE);
        int length = IPv4UdpCodec.Write(packet, DiscoverEndpoints, [1, 2, 3, 4]);
        Assert.That(length, Is.EqualTo(32));
        UdpPacketView view = IPv4UdpCodec.Read(packet);
        Assert.That(view.Payload.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3, 4 }));
    }

    [Test]
    public void BytesInsideIPPayloadPastUdpLengthAreNotPayload()
    {
        byte[] packet = new byte[36];
        IPv4UdpCodec.Write(packet, DiscoverEndpoints, [9, 8, 7, 6]);
        new IPv4Header(DiscoverEndpoints.SourceAddress, DiscoverEndpoints.DestinationAddress, 17, 36).Write(packet);
        UdpPacketView view = IPv4UdpCodec.Read(packet);
        Assert.That(view.Payload.ToArray(), Is.EqualTo(new byte[] { 9, 8, 7, 6 }));
        Assert.That(view.ChecksumState, Is.EqualTo(UdpChecksumState.Verified));
    }

    [Test]
    public void RoundTripsRandomPayloadsAndEndpoints()
    {
        var random = new Random(768);
        byte[] packet = new byte[28 + 700];
        for (int length = 0; length <= 700; length++)
        {
            byte[] payload = new byte[length];
            random.NextBytes(payload);
            var endpoints = new IPv4UdpEndpoints((uint)random.NextInt64(0, 1L << 32), (ushort)random.Next(65536), (uint)random.NextInt64(0, 1L << 32), (ushort)random.Next(65536));
            byte ttl = (byte)random.Next(256);
            ushort id = (ushort)random.Next(65536);

            int written = IPv4UdpCodec.Write(packet, endpoints, payload, ttl, id);
            Assert.That(written, Is.EqualTo(28 + length));
            Assert.That(IPv4UdpCodec.TryRead(packet.AsSpan(0, written), ChecksumPolicy.Verify, out UdpPacketView view, out WireError error), Is.True, error.ToString());
            Assert.That(view.Endpoints, Is.EqualTo(endpoints));
            Assert.That(view.TimeToLive, Is.EqualTo(ttl));
            Assert.That(view.Ip.Identification, Is.EqualTo(id));
            Assert.That(view.ChecksumState, Is.EqualTo(UdpChecksumState.Verified));
            Assert.That(view.Payload.SequenceEqual(payload), Is.True, $"payload length {length}");
        }
    }

    [Test]
    public void PayloadAlreadyInPlaceIsWrittenCorrectly()
    {
        byte[] expected = CapturedDhcpPackets.Discover();
        byte[] packet = new byte[300];
        expected.AsSpan(28).CopyTo(packet.AsSpan(28));
        IPv4UdpCodec.Write(packet, DiscoverEndpoints, packet.AsSpan(28), ttl: 250, identification: 0xA836);
        Assert.That(packet, Is.EqualTo(expected));
    }

    [Test]
    public void DisabledChecksumIsSentAsZeroAndReadAsAbsent()
    {
        byte[] packet = new byte[40];
        int length = IPv4UdpCodec.Write(packet, DiscoverEndpoints, [1, 2, 3], computeUdpChecksum: false);
        Assert.That(BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(26)), Is.EqualTo((ushort)0));
        packet[30] ^= 0xFF; // with no checksum, corruption cannot be detected, and the packet is accepted
        UdpPacketView view = IPv4UdpCodec.Read(packet.AsSpan(0, length));
        Assert.That(view.ChecksumState, Is.EqualTo(UdpChecksumState.Absent));
        Assert.That(view.Payload.ToArray(), Is.EqualTo(new byte[] { 1, 2, 0xFC }));
    }

    [Test]
    public void ComputedZeroChecksumIsSentAsFfff()
    {
        // Put the checksum of a payload ending in a zero word into that word: the data then sums to 0xFFFF,
        // so the computed checksum is 0, which RFC 768 says must go on the wire as 0xFFFF.
        byte[] payload = [0x12, 0x34, 0x56, 0x78, 0x00, 0x00];
        byte[] packet = new byte[34];
        IPv4UdpCodec.Write(packet, DiscoverEndpoints, payload);
        payload[4] = packet[26];
        payload[5] = packet[27];

        IPv4UdpCodec.Write(packet, DiscoverEndpoints, payload);
        Assert.That(BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(26)), Is.EqualTo((ushort)0xFFFF));
        Assert.That(IPv4UdpCodec.Read(packet).ChecksumState, Is.EqualTo(UdpChecksumState.Verified));
    }

    [Test]
    public void TruncationAtEveryOffsetIsMalformed()
    {
        byte[] packet = CapturedDhcpPackets.Discover();
        for (int length = 0; length < packet.Length; length++)
        {
            bool ok = IPv4UdpCodec.TryRead(packet.AsSpan(0, length), ChecksumPolicy.Verify, out _, out UdpReadStatus status, out WireError error);
            Assert.That(ok, Is.False, $"length {length}");
            Assert.That(status, Is.EqualTo(UdpReadStatus.Malformed), $"length {length}: {error}");
        }
    }

    [Test]
    public void FlippingAnyPayloadByteIsAChecksumError()
    {
        byte[] original = CapturedDhcpPackets.Discover();
        for (int index = CapturedDhcpPackets.PayloadOffset; index < original.Length; index++)
        {
            byte[] packet = (byte[])original.Clone();
            packet[index] ^= 0x5A;
            bool ok = IPv4UdpCodec.TryRead(packet, ChecksumPolicy.Verify, out _, out UdpReadStatus status, out WireError error);
            Assert.That(ok, Is.False, $"byte {index}");
            Assert.That(status, Is.EqualTo(UdpReadStatus.ChecksumError), $"byte {index}");
            Assert.That(error, Is.EqualTo(new WireError(26, "UDP checksum mismatch")));

            Assert.That(IPv4UdpCodec.TryRead(packet, ChecksumPolicy.TrustHardware, out UdpPacketView view, out _), Is.True, $"trusted, byte {index}");
            Assert.That(view.ChecksumState, Is.EqualTo(UdpChecksumState.Trusted));
        }
    }

    [Test]
    public void FlippingAnyHeaderByteIsRejectedWithoutThrowing()
    {
        byte[] original = CapturedDhcpPackets.Discover();
        for (int index = 0; index < CapturedDhcpPackets.PayloadOffset; index++)
        {
            byte[] packet = (byte[])original.Clone();
            packet[index] ^= 0x5A;
            Assert.That(IPv4UdpCodec.TryRead(packet, ChecksumPolicy.Verify, out _, out UdpReadStatus status, out _), Is.False, $"byte {index}");
            Assert.That(status, Is.Not.EqualTo(UdpReadStatus.Ok));
        }
    }

    [Test]
    public void OtherProtocolIsNotUdp()
    {
        byte[] packet = new byte[40];
        new IPv4Header(1, 2, 6, 40).Write(packet); // TCP
        Assert.That(IPv4UdpCodec.TryRead(packet, ChecksumPolicy.Verify, out _, out UdpReadStatus status, out WireError error), Is.False);
        Assert.That(status, Is.EqualTo(UdpReadStatus.NotUdp));
        Assert.That(error, Is.EqualTo(new WireError(9, "IPv4 protocol is not UDP (17)")));
    }

    [TestCase((ushort)0x2000)]
    [TestCase((ushort)0x00B9)]
    public void FragmentIsReportedAsFragment(ushort flagsAndOffset)
    {
        byte[] packet = new byte[40];
        IPv4UdpCodec.Write(packet, DiscoverEndpoints, new byte[12]);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), flagsAndOffset);
        packet[10] = 0;
        packet[11] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), InternetChecksum.Compute(packet.AsSpan(0, 20)));

        Assert.That(IPv4UdpCodec.TryRead(packet, ChecksumPolicy.Verify, out _, out UdpReadStatus status, out WireError error), Is.False);
        Assert.That(status, Is.EqualTo(UdpReadStatus.Fragment));
        Assert.That(error.Offset, Is.EqualTo(6));
    }

    [TestCase((ushort)7, "UDP length is below the 8-byte header")]
    [TestCase((ushort)21, "UDP length runs past the end of the IP payload")]
    public void BadUdpLengthIsMalformedAtAbsoluteOffset(ushort udpLength, string reason)
    {
        byte[] packet = new byte[40];
        IPv4UdpCodec.Write(packet, DiscoverEndpoints, new byte[12]);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(24), udpLength);

        Assert.That(IPv4UdpCodec.TryRead(packet, ChecksumPolicy.Verify, out _, out UdpReadStatus status, out WireError error), Is.False);
        Assert.That(status, Is.EqualTo(UdpReadStatus.Malformed));
        Assert.That(error, Is.EqualTo(new WireError(24, reason)));
        var ex = Assert.Throws<WireFormatException>(() => IPv4UdpCodec.Read(packet));
        Assert.That(ex?.Offset, Is.EqualTo(24));
    }

    [Test]
    public void SeededRandomBytesNeverThrow()
    {
        var random = new Random(2131);
        byte[] buffer = new byte[600];
        int accepted = 0;
        for (int i = 0; i < 20_000; i++)
        {
            int length = random.Next(buffer.Length + 1);
            random.NextBytes(buffer);
            if (i % 2 == 0)
            {
                // Make half of them plausible so the deeper checks are reached too.
                buffer[0] = 0x45;
                BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)random.Next(length + 1));
                buffer[6] = 0;
                buffer[7] = 0;
                buffer[9] = 17;
            }

            foreach (ChecksumPolicy policy in (ChecksumPolicy[])[ChecksumPolicy.Verify, ChecksumPolicy.TrustHardware])
            {
                if (IPv4UdpCodec.TryRead(buffer.AsSpan(0, length), policy, out UdpPacketView view, out UdpReadStatus status, out _))
                {
                    accepted++;
                    Assert.That(status, Is.EqualTo(UdpReadStatus.Ok));
                    Assert.That(view.Payload.Length, Is.EqualTo(view.Udp.PayloadLength));
                }
            }
        }

        Assert.That(accepted, Is.GreaterThan(0), "the plausible half should sometimes pass under TrustHardware");
    }

    [Test]
    public void WriteRejectsTooSmallBufferAndTooLargePayload()
    {
        Assert.Throws<ArgumentException>(() => IPv4UdpCodec.Write(new byte[30], DiscoverEndpoints, new byte[3]));
        Assert.Throws<ArgumentException>(() => IPv4UdpCodec.Write(new byte[70_000], DiscoverEndpoints, new byte[IPv4UdpCodec.MaxPayloadLength + 1]));
        Assert.That(IPv4UdpCodec.Write(new byte[65_535], DiscoverEndpoints, new byte[IPv4UdpCodec.MaxPayloadLength]), Is.EqualTo(65_535));
    }

    [Test]
    public void WriteAndReadDoNotAllocate()
    {
        byte[] payload = CapturedDhcpPackets.Discover().AsSpan(CapturedDhcpPackets.PayloadOffset).ToArray();
        byte[] packet = new byte[1500];
        var endpoints = new IPv4UdpEndpoints(0xC0A80001, 67, 0xC0A8000A, 68);
        int total = 0;

        for (int i = 0; i < 100; i++)
        {
            total += RoundTrip(packet, endpoints, payload);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            total += RoundTrip(packet, endpoints, payload);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero);
        Assert.That(total, Is.EqualTo(1100 * payload.Length));
    }

    private static int RoundTrip(byte[] packet, in IPv4UdpEndpoints endpoints, byte[] payload)
    {
        int length = IPv4UdpCodec.Write(packet, endpoints, payload, identification: 7);
        return IPv4UdpCodec.TryRead(packet.AsSpan(0, length), ChecksumPolicy.Verify, out UdpPacketView view, out UdpReadStatus _, out WireError _)
            ? view.Payload.Length
            : -1;
    }
}
