using System.Buffers.Binary;
using IPoIBDhcp.Engine.PacketSocket;
using IPoIBDhcp.Wire.Ip;

namespace IPoIBDhcp.Tests.Engine.PacketSocket;

/// <summary>The kernel filter, instruction by instruction and packet by packet.</summary>
public class DhcpPortFilterTests
{
    private const uint Accept = 0xffff;

    [Test]
    public void The_program_is_tcpdumps_ipv4_udp_dst_port_program_plus_outgoing_and_mf_checks()
    {
        // tcpdump -r raw-ip.pcap -dd 'udp dst port 67' (IPv4 branch), with the leading packet-type check and
        // jset 0x3fff instead of 0x1fff. Each tuple: code, jt, jf, k.
        (ushort, byte, byte, uint)[] expected =
        [
            (0x20, 0, 0, 0xfffff004), // ld pkttype
            (0x15, 11, 0, 4),         // jeq PACKET_OUTGOING -> drop
            (0x30, 0, 0, 0),          // ldb [0]
            (0x54, 0, 0, 0xf0),       // and #0xf0
            (0x15, 0, 8, 0x40),       // jeq #0x40 (IPv4)
            (0x30, 0, 0, 9),          // ldb [9]
            (0x15, 0, 6, 0x11),       // jeq #17 (UDP)
            (0x28, 0, 0, 6),          // ldh [6]
            (0x45, 4, 0, 0x3fff),     // jset MF|offset -> drop
            (0xb1, 0, 0, 0),          // ldxb 4*([0]&0xf)
            (0x48, 0, 0, 2),          // ldh [x + 2]
            (0x15, 0, 1, 0x43),       // jeq #67
            (0x06, 0, 0, 0xffff),     // ret #65535
            (0x06, 0, 0, 0),          // ret #0
        ];
        Assert.That(DhcpPortFilter.Build(67).Select(i => (i.Code, i.JumpTrue, i.JumpFalse, i.K)), Is.EqualTo(expected));
    }

    [TestCase((ushort)67, (ushort)67, Accept)]
    [TestCase((ushort)68, (ushort)68, Accept)]
    [TestCase((ushort)67, (ushort)68, 0u)]
    [TestCase((ushort)67, (ushort)9999, 0u)]
    [TestCase((ushort)1067, (ushort)1067, Accept)]
    public void Only_the_ports_udp_destination_passes(ushort filterPort, ushort destinationPort, uint expected)
    {
        byte[] packet = Udp(destinationPort);
        Assert.That(ClassicBpf.Run(DhcpPortFilter.Build(filterPort), packet), Is.EqualTo(expected));
    }

    [Test]
    public void The_source_port_does_not_matter()
    {
        byte[] packet = new byte[IPv4UdpCodec.HeadersLength + 10];
        IPv4UdpCodec.Write(packet, new IPv4UdpEndpoints(0, 67, uint.MaxValue, 68), new byte[10]);
        Assert.That(ClassicBpf.Run(DhcpPortFilter.Build(67), packet), Is.Zero);
    }

    [Test]
    public void Own_transmissions_are_dropped() =>
        Assert.That(ClassicBpf.Run(DhcpPortFilter.Build(67), Udp(67), packetType: 4), Is.Zero);

    [TestCase((byte)0, Accept)]  // PACKET_HOST
    [TestCase((byte)1, Accept)]  // PACKET_BROADCAST
    [TestCase((byte)2, Accept)]  // PACKET_MULTICAST (IPoIB broadcast group is a multicast group)
    [TestCase((byte)3, Accept)]  // PACKET_OTHERHOST (unicast to a MAC we do not own, promiscuous)
    public void Received_packets_of_any_type_pass(byte packetType, uint expected) =>
        Assert.That(ClassicBpf.Run(DhcpPortFilter.Build(67), Udp(67), packetType), Is.EqualTo(expected));

    [TestCase((ushort)0x2000)] // MF: first fragment
    [TestCase((ushort)0x0001)] // offset 8: later fragment
    [TestCase((ushort)0x1fff)]
    public void Fragments_are_dropped(ushort flagsAndOffset)
    {
        byte[] packet = Udp(67);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), flagsAndOffset);
        Assert.That(ClassicBpf.Run(DhcpPortFilter.Build(67), packet), Is.Zero);
    }

    [Test]
    public void Dont_fragment_is_not_a_fragment()
    {
        byte[] packet = Udp(67);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), 0x4000);
        Assert.That(ClassicBpf.Run(DhcpPortFilter.Build(67), packet), Is.EqualTo(Accept));
    }

    [TestCase((byte)6)]  // TCP
    [TestCase((byte)1)]  // ICMP
    public void Other_protocols_are_dropped(byte protocol)
    {
        byte[] packet = Udp(67);
        packet[9] = protocol;
        Assert.That(ClassicBpf.Run(DhcpPortFilter.Build(67), packet), Is.Zero);
    }

    [Test]
    public void Version_6_is_dropped()
    {
        byte[] packet = Udp(67);
        packet[0] = 0x65;
        Assert.That(ClassicBpf.Run(DhcpPortFilter.Build(67), packet), Is.Zero);
    }

    [TestCase(6)]
    [TestCase(15)]
    public void Ip_options_move_the_udp_header(int ihl)
    {
        byte[] plain = Udp(67);
        int optionBytes = (ihl - 5) * 4;
        byte[] packet = new byte[plain.Length + optionBytes];
        plain.AsSpan(0, 20).CopyTo(packet);
        packet[0] = (byte)(0x40 | ihl);
        plain.AsSpan(20).CopyTo(packet.AsSpan(20 + optionBytes));
        Assert.That(ClassicBpf.Run(DhcpPortFilter.Build(67), packet), Is.EqualTo(Accept));
        packet[20 + optionBytes + 3] = 68;
        Assert.That(ClassicBpf.Run(DhcpPortFilter.Build(67), packet), Is.Zero);
    }

    [Test]
    public void Truncation_at_every_offset_never_accepts_a_packet_without_its_udp_port()
    {
        byte[] packet = Udp(67);
        for (int length = 0; length < 24; length++)
        {
            Assert.That(ClassicBpf.Run(DhcpPortFilter.Build(67), packet.AsSpan(0, length)), Is.Zero, $"length {length}");
        }

        Assert.That(ClassicBpf.Run(DhcpPortFilter.Build(67), packet.AsSpan(0, 24)), Is.EqualTo(Accept));
    }

    private static byte[] Udp(ushort destinationPort)
    {
        byte[] packet = new byte[IPv4UdpCodec.HeadersLength + 10];
        IPv4UdpCodec.Write(packet, new IPv4UdpEndpoints(0, 68, uint.MaxValue, destinationPort), new byte[10]);
        return packet;
    }
}
