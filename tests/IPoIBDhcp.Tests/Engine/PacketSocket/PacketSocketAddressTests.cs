using IPoIBDhcp.Engine.PacketSocket;

namespace IPoIBDhcp.Tests.Engine.PacketSocket;

/// <summary>The sockaddr_ll bytes handed to bind and sendto.</summary>
public class PacketSocketAddressTests
{
    [Test]
    public void A_20_byte_ipoib_destination_uses_the_32_byte_form_with_halen_20()
    {
        byte[] broadcast = Convert.FromHexString("00ffffff" + "ff12401b800100000000" + "0000ffffffff");
        byte[] bytes = PacketSocketAddress.Create(7, broadcast).Buffer.ToArray();
        Assert.That(bytes, Is.EqualTo(Convert.FromHexString(
            "1100" +        // sll_family AF_PACKET (17), host order
            "0800" +        // sll_protocol ETH_P_IP, network order
            "07000000" +    // sll_ifindex 7, host order
            "0000" +        // sll_hatype: ignored on send
            "00" +          // sll_pkttype: ignored on send
            "14" +          // sll_halen 20
            "00ffffffff12401b800100000000" + "0000ffffffff")));  // the 20 address bytes, past sll_addr[8]
    }

    [Test]
    public void An_ethernet_destination_leaves_the_rest_zero()
    {
        byte[] bytes = PacketSocketAddress.Create(2, [0x02, 0x42, 0xac, 0x11, 0x00, 0x02]).Buffer.ToArray();
        Assert.That(bytes, Is.EqualTo(Convert.FromHexString("1100" + "0800" + "02000000" + "0000" + "00" + "06" + "0242ac110002" + new string('0', 28))));
    }

    [Test]
    public void The_bind_address_has_no_link_address()
    {
        byte[] bytes = PacketSocketAddress.Create(3, []).Buffer.ToArray();
        Assert.That(bytes[11], Is.Zero);
        Assert.That(bytes.Length, Is.EqualTo(32));
    }
}
