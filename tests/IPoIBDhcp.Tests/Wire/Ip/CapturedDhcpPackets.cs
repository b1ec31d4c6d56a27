namespace IPoIBDhcp.Tests.Wire.Ip;

/// <summary>
/// Real packets from Wireshark's sample capture dhcp.pcap (frames 1 and 2), with the 14-byte Ethernet header
/// stripped, i.e. exactly what an AF_PACKET SOCK_DGRAM socket delivers. Checksums were re-verified
/// independently (python3, straight RFC 1071 word sum): the DISCOVER's IPv4 header sums to 0xFFFF with
/// checksum 0x178B and its UDP datagram plus pseudo-header to 0xFFFF with checksum 0x591F. The OFFER was
/// captured on the sending server with checksum offload: IPv4 header checksum 0x0000 (wrong, the NIC fills
/// it in later), UDP checksum 0x2233 (correct).
/// </summary>
internal static class CapturedDhcpPackets
{
    /// <summary>DHCPDISCOVER, 0.0.0.0:68 → 255.255.255.255:67, 300 bytes.</summary>
    public static byte[] Discover() => Convert.FromHexString(
        "45" +        // version 4, IHL 5
        "00" +        // TOS 0
        "012c" +      // total length 300
        "a836" +      // identification 0xA836
        "0000" +      // flags 0, fragment offset 0
        "fa" +        // TTL 250
        "11" +        // protocol 17 (UDP)
        "178b" +      // IPv4 header checksum 0x178B
        "00000000" +  // source 0.0.0.0
        "ffffffff" +  // destination 255.255.255.255
        "0044" +      // UDP source port 68
        "0043" +      // UDP destination port 67
        "0118" +      // UDP length 280 (8 + 272)
        "591f" +      // UDP checksum 0x591F
        "01010600" +  // BOOTP: op 1 (request), htype 1, hlen 6, hops 0
        "00003d1d" +  // xid 0x00003D1D
        "0000" +      // secs 0
        "0000" +      // flags 0
        "00000000" +  // ciaddr
        "00000000" +  // yiaddr
        "00000000" +  // siaddr
        "00000000" +  // giaddr
        "000b8201fc42" + Zeros(10) + // chaddr 00:0b:82:01:fc:42, padded to 16
        Zeros(64) +   // sname
        Zeros(128) +  // file
        "63825363" +  // magic cookie
        "350101" +    // option 53 DHCP message type = DISCOVER
        "3d0701000b8201fc42" + // option 61 client identifier: type 1 + MAC
        "320400000000" + // option 50 requested address 0.0.0.0
        "37040103062a" + // option 55 parameter list 1, 3, 6, 42
        "ff" +        // end
        Zeros(7));    // padding

    /// <summary>DHCPOFFER, 192.168.0.1:67 → 192.168.0.10:68, 328 bytes, IPv4 checksum left 0 by offload.</summary>
    public static byte[] Offer() => Convert.FromHexString(
        "45" +        // version 4, IHL 5
        "00" +        // TOS 0
        "0148" +      // total length 328
        "0445" +      // identification 0x0445
        "0000" +      // flags 0, fragment offset 0
        "80" +        // TTL 128
        "11" +        // protocol 17 (UDP)
        "0000" +      // IPv4 header checksum 0 (offloaded: not yet filled in; correct would be 0xB404)
        "c0a80001" +  // source 192.168.0.1
        "c0a8000a" +  // destination 192.168.0.10
        "0043" +      // UDP source port 67
        "0044" +      // UDP destination port 68
        "0134" +      // UDP length 308 (8 + 300)
        "2233" +      // UDP checksum 0x2233
        "02010600" +  // BOOTP: op 2 (reply), htype 1, hlen 6, hops 0
        "00003d1d" +  // xid 0x00003D1D
        "0000" +      // secs 0
        "0000" +      // flags 0
        "00000000" +  // ciaddr
        "c0a8000a" +  // yiaddr 192.168.0.10
        "c0a80001" +  // siaddr 192.168.0.1
        "00000000" +  // giaddr
        "000b8201fc42" + Zeros(10) + // chaddr
        Zeros(64) +   // sname
        Zeros(128) +  // file
        "63825363" +  // magic cookie
        "350102" +    // option 53 DHCP message type = OFFER
        "0104ffffff00" + // option 1 subnet mask 255.255.255.0
        "3a0400000708" + // option 58 renewal time 1800
        "3b0400000c4e" + // option 59 rebinding time 3150
        "330400000e10" + // option 51 lease time 3600
        "3604c0a80001" + // option 54 server identifier 192.168.0.1
        "ff" +        // end
        Zeros(26));   // padding

    /// <summary>Offset of the UDP header in both packets (IHL 5).</summary>
    public const int UdpOffset = 20;

    /// <summary>Offset of the UDP payload (the BOOTP message) in both packets.</summary>
    public const int PayloadOffset = 28;

    private static string Zeros(int bytes) => new('0', bytes * 2);
}
