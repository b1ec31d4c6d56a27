using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Tests.Dhcpd;

/// <summary>
/// Every type form's value on the wire, against ISC dhcpd 4.4.3's reply to the same configuration (fixture
/// isc443-spaces-values-offer.hex, captured by running ISC in a network namespace; see its header): a space with
/// 2-byte codes and lengths, records, arrays of records, a repeating last field, ip6-address, domain-name, domain-list,
/// zerolen (configured, requested, and left out by ISC), booleans as "ignore", octal and hex integers, and an
/// encapsulating option longer than 255 bytes split into instances (RFC 3396).
/// </summary>
public class OptionValueWireTests
{
    internal const string Config = """
        ddns-update-style none;
        authoritative;
        default-lease-time 600;
        max-lease-time 600;
        option space wide code width 2 length width 2;
        option wide-encap code 180 = encapsulate wide;
        option wide.label code 300 = text;
        option wide.server6 code 2 = ip6-address;
        option wide.flag code 515 = boolean;
        option space ipxe;
        option ipxe-encap-opts code 175 = encapsulate ipxe;
        option ipxe.bus-id code 177 = string;
        option ipxe.username code 190 = text;
        option rec code 200 = { ip-address, array of unsigned integer 16 };
        option names code 201 = array of { signed integer 16, ip-address };
        option host code 202 = domain-name;
        option list code 203 = domain-list;
        option nothing code 204 = zerolen;
        option mixed code 205 = { boolean, unsigned integer 32, string };
        option v6s code 206 = array of ip6-address;
        subnet 198.18.200.0 netmask 255.255.255.0 {
          range 198.18.200.100 198.18.200.110;
          option wide.label "wide-label";
          option wide.server6 2001:db8::1;
          option wide.flag on;
          option ipxe.bus-id "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789";
          option ipxe.username "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789";
          option rec 198.18.200.1 1, 2, 0x10, 010;
          option names -2 198.18.200.1, 300 198.18.200.2;
          option host www.example.org;
          option list "example.org", "www.example.org";
          option nothing;
          option mixed ignore 4294967295 "abc";
          option v6s ::1, fe80::2;
        }
        """;

    private static readonly byte[] Requested = [1, 175, 180, 200, 201, 202, 203, 204, 205, 206];

    [Test]
    public void EveryValueFormMatchesIscsReply()
    {
        var isc = new DhcpMessage();
        isc.Read(HexFixture.Load("isc443-spaces-values-offer.hex"));
        var ours = Offer();
        foreach (byte code in Requested.Skip(1))
        {
            Assert.That(ours.HasOption(code), Is.EqualTo(isc.HasOption(code)), $"option {code} present as in ISC's reply");
            if (isc.HasOption(code)) Assert.That(ours.GetOption(code).ToArray(), Is.EqualTo(isc.GetOption(code).ToArray()), $"option {code}");
        }
        Assert.That(isc.HasOption(204), Is.False, "ISC leaves a zero-length option out");
    }

    [Test]
    public void AWideSpaceFramesItsSubOptionsWithTwoByteCodesAndLengths()
    {
        // 515 and 2 share ISC's hash bucket 2 (515 written later, so first); 300 is in bucket 4.
        Assert.That(Offer().GetOption(180).ToArray(), Is.EqualTo(new byte[]
        {
            0x02, 0x03, 0x00, 0x01, 0x01,
            0x00, 0x02, 0x00, 0x10, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
            0x01, 0x2c, 0x00, 0x0a, (byte)'w', (byte)'i', (byte)'d', (byte)'e', (byte)'-', (byte)'l', (byte)'a', (byte)'b', (byte)'e', (byte)'l',
        }));
    }

    private static DhcpMessage Offer()
    {
        var parsed = DhcpdConfigParser.ParseText(Config, "isc2.conf");
        Assert.That(parsed.Diagnostics.Select(d => d.ToString()), Is.Empty);
        var h = new ServerHarness(ConfigPlanBuilder.Build(parsed.Config!));
        var buffer = new byte[1024];
        var w = new DhcpMessageWriter(buffer, buffer.Length)
        {
            Op = BootpOpCode.BootRequest, HardwareType = HardwareType.Ethernet, TransactionId = 0x5b000001,
            Flags = BootpFieldLocations.BroadcastFlag,
        };
        w.SetClientHardwareAddress([0x16, 0xde, 0x76, 0x64, 0x88, 0x54]);
        w.WriteMessageType(DhcpMessageType.Discover);
        w.WriteOption(DhcpOptionCode.ParameterRequestList, Requested);
        // Room for everything: this server also sends T1/T2 (ISC 4.4 does not by default), which would push 206 out of
        // a 576-byte reply; the values, not the packing, are what is compared.
        w.WriteOption(DhcpOptionCode.MaxMessageSize, (ushort)1500);
        h.Send(buffer.AsSpan(0, w.Finish()).ToArray(), h.Port("eth0", "198.18.200.1"));
        Assert.That(h.Reply.MessageType, Is.EqualTo(DhcpMessageType.Offer), string.Join("\n", h.Log));
        var copy = new DhcpMessage();
        copy.Read(h.Reply.Raw);
        return copy;
    }
}
