using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Tests.Dhcpd;

/// <summary>
/// Sub-options on the wire, against ISC dhcpd 4.4.3's own replies to the same configuration (fixtures
/// isc443-spaces-*.hex, captured by running ISC in a network namespace; see their header): iPXE's option 175 composed
/// from the ipxe space, option 43 from <c>vendor-option-space PXE</c>, codes 230-231 from <c>site-option-space</c>, and
/// option 119 compressed. ISC includes an encapsulating option under the rule of every option: when the client lists it
/// in its parameter request list, or always when the client sends no list; the three captures show each case.
/// </summary>
public class OptionSpaceReplyTests
{
    /// <summary>The configuration ISC ran with (its isc.conf), byte for byte in its option lines.</summary>
    internal const string Config = """
        ddns-update-style none;
        authoritative;
        default-lease-time 600;
        max-lease-time 600;
        option space ipxe;
        option ipxe-encap-opts code 175 = encapsulate ipxe;
        option ipxe.priority code 1 = signed integer 8;
        option ipxe.no-pxedhcp code 176 = unsigned integer 8;
        option ipxe.bus-id code 177 = string;
        option space PXE;
        option PXE.mtftp-ip code 1 = ip-address;
        option PXE.discovery-control code 6 = unsigned integer 8;
        option PXE.boot-servers code 8 = array of { unsigned integer 16, unsigned integer 8, ip-address };
        option PXE.boot-menu code 9 = { unsigned integer 16, unsigned integer 8, text };
        option PXE.menu-prompt code 10 = { unsigned integer 8, text };
        option PXE.boot-item code 71 = unsigned integer 32;
        option space local;
        option local.site-flag code 230 = boolean;
        option local.site-name code 231 = text;
        subnet 198.18.200.0 netmask 255.255.255.0 {
          range 198.18.200.100 198.18.200.110;
          option ipxe.no-pxedhcp 1;
          option ipxe.priority -3;
          option ipxe.bus-id 01:02:03;
          vendor-option-space PXE;
          option PXE.mtftp-ip 198.18.200.1;
          option PXE.discovery-control 3;
          option PXE.boot-servers 32768 1 198.18.200.1, 32769 1 198.18.200.2;
          option PXE.boot-menu 32768 4 "iPXE";
          option PXE.menu-prompt 0 "iPXE";
          option PXE.boot-item 0x80000000;
          option domain-search "cluster.example.org", "ib.cluster.example.org", "example.org";
          site-option-space "local";
          option local.site-flag true;
          option local.site-name "rack7";
        }
        """;

    private static readonly byte[] Compared = [43, 119, 175, 230, 231];

    [TestCase("isc443-spaces-offer-prl.hex", new byte[] { 1, 3, 43, 175, 119, 230, 231 })]
    [TestCase("isc443-spaces-offer-noprl.hex", null)]
    [TestCase("isc443-spaces-offer-prl-1-3.hex", new byte[] { 1, 3 })]
    public void SubOptionsMatchIscsReply(string fixture, byte[]? prl)
    {
        var isc = new DhcpMessage();
        isc.Read(HexFixture.Load(fixture));
        var ours = Offer(prl);
        foreach (byte code in Compared)
        {
            Assert.That(ours.HasOption(code), Is.EqualTo(isc.HasOption(code)), $"option {code} present as in ISC's reply");
            if (isc.HasOption(code)) Assert.That(ours.GetOption(code).ToArray(), Is.EqualTo(isc.GetOption(code).ToArray()), $"option {code}");
        }
    }

    [Test]
    public void Option175CarriesTheIpxeSubOptionsInIscsOrder()
    {
        var ours = Offer([175]);
        // 1: priority -3; 176: no-pxedhcp 1; 177: bus-id 01:02:03 (ISC's hash order: buckets 1, 4, 5).
        Assert.That(ours.GetOption(175).ToArray(), Is.EqualTo(new byte[] { 1, 1, 0xfd, 176, 1, 1, 177, 3, 1, 2, 3 }));
        Assert.That(ours.HasOption(176), Is.False, "176 is an ipxe sub-option, never a top-level option");
    }

    [Test]
    public void TheIscSpaceTravelsInOption125UnderEnterprise2495()
    {
        // ISC's built-in spaces: vivso (125) encapsulates "vendor" (4-byte enterprise codes, 1-byte lengths), whose
        // option isc (2495) encapsulates the "isc" space (RFC 3925's layout: enterprise, data length, data).
        var ours = Offer([125], Config.Replace("  option ipxe.no-pxedhcp 1;", "  option ipxe.no-pxedhcp 1;\n  option isc.media \"ab\";"));
        Assert.That(ours.GetOption(125).ToArray(), Is.EqualTo(new byte[] { 0, 0, 0x09, 0xbf, 4, 1, 2, (byte)'a', (byte)'b' }));
    }

    [Test]
    public void AValueOfTheEncapsulatingOptionItselfWinsOverItsSpace()
    {
        // ISC's store_options encapsulates a space only for an option that has no value of its own.
        string config = Config.Replace("  vendor-option-space PXE;", "  vendor-option-space PXE;\n  option vendor-encapsulated-options 01:04:c6:12:c8:09;\n  option ipxe-encap-opts 15:01:01;");
        var ours = Offer([43, 175], config);
        Assert.That(ours.GetOption(43).ToArray(), Is.EqualTo(new byte[] { 1, 4, 198, 18, 200, 9 }));
        Assert.That(ours.GetOption(175).ToArray(), Is.EqualTo(new byte[] { 0x15, 1, 1 }));
    }

    [Test]
    public void SubOptionsAndTheVendorSpaceAreScopedOptionByOption()
    {
        // A class sets one PXE sub-option and switches the vendor space off for PXE firmware with another space:
        // the subnet's other sub-options stay, the class's value replaces the subnet's one (ISC's per-option merge).
        string config = Config + """

            option space other;
            option other.x code 1 = unsigned integer 8;
            class "pxe" {
              match if substring(option vendor-class-identifier, 0, 9) = "PXEClient";
              option PXE.discovery-control 7;
              option ipxe.no-pxedhcp 0;
            }
            class "other" {
              match if option vendor-class-identifier = "other";
              vendor-option-space other;
              option other.x 5;
            }
            """;
        var pxe = Offer([43, 175], config, vendorClass: "PXEClient:Arch:00000:UNDI:002001");
        var pxe43 = pxe.GetOption(43).ToArray();
        Assert.That(pxe43[..9], Is.EqualTo(new byte[] { 1, 4, 198, 18, 200, 1, 6, 1, 7 }), "mtftp-ip from the subnet, discovery-control from the class");
        Assert.That(pxe.GetOption(175).ToArray(), Is.EqualTo(new byte[] { 1, 1, 0xfd, 176, 1, 0, 177, 3, 1, 2, 3 }));
        var other = Offer([43], config, vendorClass: "other");
        Assert.That(other.GetOption(43).ToArray(), Is.EqualTo(new byte[] { 1, 1, 5 }), "the class's vendor space replaces the subnet's");
    }

    private static DhcpMessage Offer(byte[]? prl, string config = Config, string? vendorClass = null)
    {
        var parsed = DhcpdConfigParser.ParseText(config, "isc.conf");
        Assert.That(parsed.Diagnostics.Select(d => d.ToString()), Is.Empty);
        var h = new ServerHarness(ConfigPlanBuilder.Build(parsed.Config!));
        var buffer = new byte[1024];
        var w = new DhcpMessageWriter(buffer, buffer.Length)
        {
            Op = BootpOpCode.BootRequest, HardwareType = HardwareType.Ethernet, TransactionId = 0x5a000001,
            Flags = BootpFieldLocations.BroadcastFlag,
        };
        w.SetClientHardwareAddress([0x16, 0xde, 0x76, 0x64, 0x88, 0x54]);
        w.WriteMessageType(DhcpMessageType.Discover);
        if (prl is not null) w.WriteOption(DhcpOptionCode.ParameterRequestList, prl);
        if (vendorClass is not null) w.WriteOption(DhcpOptionCode.VendorClassIdentifier, System.Text.Encoding.ASCII.GetBytes(vendorClass));
        var decision = h.Send(buffer.AsSpan(0, w.Finish()).ToArray(), h.Port("eth0", "198.18.200.1"));
        Assert.That(h.Reply.MessageType, Is.EqualTo(DhcpMessageType.Offer), string.Join("\n", h.Log));
        _ = decision;
        var copy = new DhcpMessage();
        copy.Read(h.Reply.Raw);
        return copy;
    }
}
