using System.Net;

namespace IPoIBDhcp.InteropTests.Compat;

/// <summary>
/// The comparison's own parts, checked without Docker: the FlexBoot row's bytes follow RFC 4390 and the FlexBoot
/// client-identifier form (/work/shared/notes/ipoib.md), replies are read with RFC 3396 joining and option overload,
/// and the comparison leaves out exactly the deliberate divergences.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class CompatHarnessTests
{
    private static readonly CorpusEntry Entry = new("test.conf", [RequestRow.FlexBoot, RequestRow.Relay82], IPAddress.Parse("198.18.0.1"), 24,
        IPAddress.Parse("198.18.0.2"), IPAddress.Parse("198.18.5.1"), null, "0002:c903:0000:1039");

    [Test]
    public void The_flexboot_row_is_an_ipoib_broadcast_discover_with_the_flexboot_client_identifier()
    {
        byte[] discover = DhcpRequests.BuildDiscover(Entry, RequestRow.FlexBoot);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(discover[..4], Is.EqualTo(new byte[] { 1, 32, 0, 1 }), "BOOTREQUEST, htype 32, hlen 0, hops 1 (relayed)");
            Assert.That(discover[10..12], Is.EqualTo(new byte[] { 0x80, 0 }), "broadcast flag");
            Assert.That(discover[24..28], Is.EqualTo(new byte[] { 198, 18, 5, 1 }), "giaddr");
            Assert.That(discover[28..44], Is.All.Zero, "chaddr empty");
            Assert.That(Option(discover, 61), Is.EqualTo(Convert.FromHexString("ff00000000000200000" + "2c900" + "0002c90300001039")));
            Assert.That(Option(discover, 53), Is.EqualTo(new byte[] { 1 }));
        }
    }

    [Test]
    public void The_relay82_row_ends_with_the_agent_information_and_the_request_selects_the_offer()
    {
        byte[] request = DhcpRequests.BuildRequest(Entry, RequestRow.Relay82, IPAddress.Parse("198.18.5.26"), [198, 18, 0, 1]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Option(request, 53), Is.EqualTo(new byte[] { 3 }));
            Assert.That(Option(request, 50), Is.EqualTo(new byte[] { 198, 18, 5, 26 }));
            Assert.That(Option(request, 54), Is.EqualTo(new byte[] { 198, 18, 0, 1 }));
            Assert.That(Codes(request)[^1], Is.EqualTo(82), "option 82 is the relay's, so it comes last");
        }
    }

    [Test]
    public void A_reply_joins_split_options_and_reads_the_overloaded_file_field()
    {
        byte[] packet = new byte[300];
        packet[0] = 2;
        packet[1] = 1;
        packet[2] = 6;
        byte[] cookie = [99, 130, 83, 99];
        cookie.CopyTo(packet, 236);
        byte[] options = [53, 1, 2, 52, 1, 1, 15, 3, (byte)'a', (byte)'b', (byte)'c', 15, 2, (byte)'d', (byte)'e', 255];
        options.CopyTo(packet, 240);
        byte[] inFile = [67, 4, (byte)'b', (byte)'o', (byte)'o', (byte)'t', 255];
        inFile.CopyTo(packet, 108);

        DhcpReply? reply = DhcpReply.Parse(packet, out string? problem);
        Assert.That(reply, Is.Not.Null, problem);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reply!.Options[15], Is.EqualTo("abcde"u8.ToArray()), "RFC 3396: parts joined in order");
            Assert.That(reply.Options[67], Is.EqualTo("boot"u8.ToArray()), "option 52 = 1: the file field holds options");
            Assert.That(reply.Fields["file"], Is.EqualTo("(options)"));
        }
    }

    [Test]
    public void The_comparison_ignores_only_options_58_59_61_an_unasked_26_and_lease_times_within_ten_seconds()
    {
        DhcpReply isc = Reply([53, 1, 2, 51, 4, 0, 0, 2, 0x58, 3, 4, 198, 18, 0, 1]);
        DhcpReply same = Reply([61, 2, 1, 2, 58, 4, 0, 0, 1, 0x2c, 59, 4, 0, 0, 2, 0x0d, 3, 4, 198, 18, 0, 1, 51, 4, 0, 0, 2, 0x4f, 53, 1, 2]);
        DhcpReply withMtu = Reply([53, 1, 2, 51, 4, 0, 0, 2, 0x58, 3, 4, 198, 18, 0, 1, 26, 2, 0x07, 0xfc]);
        DhcpReply other = Reply([53, 1, 2, 51, 4, 0, 0, 2, 0x44, 3, 4, 198, 18, 0, 2]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ReplyComparison.Differences("DISCOVER", isc, same), Is.Empty);
            Assert.That(ReplyComparison.Differences("DISCOVER", isc, other), Is.EqualTo(new[]
            {
                "DISCOVER: option 3 ISC c6:12:00:01, ours c6:12:00:02",
                "DISCOVER: option 51 ISC 00:00:02:58, ours 00:00:02:44",
            }));
            Assert.That(ReplyComparison.Differences("REQUEST", isc, null), Is.EqualTo(new[] { "REQUEST: ISC OFFER 0.0.0.0, ours no reply" }));
            Assert.That(ReplyComparison.Differences("DISCOVER", isc, withMtu, requested: [1, 3]), Is.Empty, "26 unasked: ours may add it");
            Assert.That(ReplyComparison.Differences("DISCOVER", isc, withMtu, requested: [1, 3, 26]), Is.EqualTo(new[] { "DISCOVER: option 26 ISC (absent), ours 07:fc" }));
            Assert.That(ReplyComparison.Differences("REQUEST", null, null), Is.Empty);
        }
    }

    private static DhcpReply Reply(byte[] options)
    {
        byte[] packet = new byte[240 + options.Length + 1];
        packet[0] = 2;
        byte[] cookie = [99, 130, 83, 99];
        cookie.CopyTo(packet, 236);
        options.CopyTo(packet, 240);
        packet[^1] = 255;
        return DhcpReply.Parse(packet, out _)!;
    }

    private static byte[]? Option(byte[] packet, byte code)
    {
        for (int i = 240; i < packet.Length && packet[i] != 255; i += 2 + packet[i + 1])
        {
            if (packet[i] == code)
            {
                return packet[(i + 2)..(i + 2 + packet[i + 1])];
            }
        }

        return null;
    }

    private static List<byte> Codes(byte[] packet)
    {
        var codes = new List<byte>();
        for (int i = 240; i < packet.Length && packet[i] != 255; i += 2 + packet[i + 1])
        {
            codes.Add(packet[i]);
        }

        return codes;
    }
}
