using System.Text;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Tests.Dhcpd.Config;

/// <summary>
/// dhcp-eval expressions end to end: a dhcpd.conf with xCAT-style <c>if … else if … = null</c> chains, computed options,
/// prepend/append/default, answered by the real server core; the bytes are compared with what ISC dhcpd 4.4.3-P1 sent
/// for the same file and requests (IscWireCheck/README.md: ISC run in a network namespace, DISCOVERs from a second one).
/// </summary>
public class EvalReplyTests
{
    // IscWireCheck/semantics.conf with the addresses moved to the harness's subnet (198.18.200.x there, 198.18.0.x here).
    private const string Semantics = """
        option client-architecture code 93 = unsigned integer 16;
        ddns-update-style none;
        authoritative;
        option domain-name-servers 198.18.0.1;
        option routers 198.18.0.1;
        subnet 198.18.0.0 netmask 255.255.255.0 {
          range 198.18.0.10 198.18.0.20;
          prepend domain-name-servers 198.18.0.2;
          append domain-name-servers 198.18.0.3;
          default routers 198.18.0.254;
          if option user-class != "iPXE" { option domain-name "ne-true"; } else { option domain-name "ne-false"; }
          if not (exists user-class and exists host-name) { option nis-domain "nand-true"; } else { option nis-domain "nand-false"; }
          if option client-architecture = 00:07 { filename "x64.efi"; }
          else if option client-architecture = null { filename "pxelinux.0"; }
          else { filename "other"; }
          option host-name = concat("n-", binary-to-ascii(10, 8, "-", leased-address));
          option root-path = ucase(concat(lcase("AbC"), suffix("xyz", 2), pick-first-value(option user-class, "pfv")));
          server-name = "srv";
        }
        """;

    private static readonly byte[] Prl = [1, 3, 6, 12, 15, 17, 40, 66, 67];

    /// <summary>A DISCOVER like IscWireCheck/client.py's: Ethernet chaddr 02:aa:bb:cc:dd:01, broadcast flag, <see cref="Prl"/>.</summary>
    internal static byte[] Discover(params (byte Code, byte[] Value)[] options)
    {
        var buffer = new byte[1024];
        var w = new DhcpMessageWriter(buffer, 1024)
        {
            Op = BootpOpCode.BootRequest, HardwareType = HardwareType.Ethernet, TransactionId = 0x4242,
            Flags = BootpFieldLocations.BroadcastFlag,
        };
        w.SetClientHardwareAddress([0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0x01]);
        w.WriteMessageType(DhcpMessageType.Discover);
        w.WriteOption(DhcpOptionCode.ParameterRequestList, Prl);
        foreach (var (code, value) in options) w.WriteOption(code, value);
        return buffer.AsSpan(0, w.Finish()).ToArray();
    }

    /// <summary>The OFFER a server running <paramref name="conf"/> sends for <paramref name="request"/>.</summary>
    internal static DhcpMessage Offer(string conf, byte[] request)
    {
        var result = DhcpdConfigParser.ParseText(conf, "dhcpd.conf");
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.Empty);
        var h = new ServerHarness(ConfigPlanBuilder.Build(result.Config!));
        var decision = h.Send(request, h.Port("eth0", "198.18.0.1"));
        Assert.That(decision.ReplyLength, Is.GreaterThan(0), string.Join("\n", h.Log));
        var copy = new DhcpMessage();
        copy.Read(h.Reply.Raw);
        return copy;
    }

    private static string Text(DhcpMessage m, byte code) => Encoding.ASCII.GetString(m.GetOption(code));

    [TestCase(null, null, "pxelinux.0", "ne-true", "nand-false", "ABCYZPFV")]
    [TestCase("0007", null, "x64.efi", "ne-true", "nand-false", "ABCYZPFV")]
    [TestCase("0009", "iPXE", "other", "ne-false", "nand-true", "ABCYZIPXE")]
    public void AnswersAsIscDid(string? arch, string? userClass, string file, string domain, string nis, string rootPath)
    {
        var options = new List<(byte, byte[])>();
        if (arch is not null) options.Add((93, Convert.FromHexString(arch)));
        if (userClass is not null) options.Add((DhcpOptionCode.UserClass, Encoding.ASCII.GetBytes(userClass)));
        var offer = Offer(Semantics, Discover([.. options]));

        Assert.That(Encoding.ASCII.GetString(offer.BootFileName), Is.EqualTo(file));
        Assert.That(Encoding.ASCII.GetString(offer.ServerName), Is.EqualTo("srv"));
        Assert.That(Text(offer, 15), Is.EqualTo(domain));
        Assert.That(Text(offer, 40), Is.EqualTo(nis));
        Assert.That(Text(offer, 17), Is.EqualTo(rootPath));
        // prepend/append join the global value; default leaves the global routers alone.
        Assert.That(offer.GetOption(6).ToArray(), Is.EqualTo(new byte[] { 198, 18, 0, 2, 198, 18, 0, 1, 198, 18, 0, 3 }));
        Assert.That(offer.GetOption(3).ToArray(), Is.EqualTo(new byte[] { 198, 18, 0, 1 }));
        Assert.That(Text(offer, 12), Is.EqualTo("n-" + offer.YourAddress.ToString().Replace('.', '-')));
        Assert.That(offer.YourAddress.ToString(), Does.StartWith("198.18.0."));
    }

    /// <summary>
    /// The shape xCAT writes into a network's stanza: firmware by client-architecture, iPXE by user-class, with the
    /// "= null" arm for legacy PXE that sends no option 93. Each arm's filename and option reach the wire.
    /// </summary>
    [TestCase(null, null, "xcat/xnba.kpxe")]
    [TestCase("0007", null, "xcat/xnba.efi")]
    [TestCase("0009", null, "xcat/xnba.efi")]
    [TestCase("000b", null, "boot/grub2/grub2-aa64.efi")]
    [TestCase("0007", "xNBA", "http://198.18.0.1/tftpboot/xcat/xnba/nets/198.18.0.0_24.uefi")]
    [TestCase(null, "xNBA", "http://198.18.0.1/tftpboot/xcat/xnba/nets/198.18.0.0_24")]
    public void XcatChain(string? arch, string? userClass, string file)
    {
        const string conf = """
            option client-architecture code 93 = unsigned integer 16;
            option iscsi-initiator-iqn code 203 = string;
            subnet 198.18.0.0 netmask 255.255.255.0 {
              range dynamic-bootp 198.18.0.10 198.18.0.20;
              if option user-class = "xNBA" and option client-architecture = 00:00 {
                filename = "http://198.18.0.1/tftpboot/xcat/xnba/nets/198.18.0.0_24";
              } else if option user-class = "xNBA" and option client-architecture = 00:09 {
                filename = "http://198.18.0.1/tftpboot/xcat/xnba/nets/198.18.0.0_24.uefi";
              } else if option user-class = "xNBA" and option client-architecture = 00:07 {
                filename = "http://198.18.0.1/tftpboot/xcat/xnba/nets/198.18.0.0_24.uefi";
              } else if option user-class = "xNBA" {
                filename = concat("http://198.18.0.1/tftpboot/xcat/xnba/nets/", "198.18.0.0_24");
              } else if option client-architecture = 00:07 {
                filename = "xcat/xnba.efi";
              } else if option client-architecture = 00:09 {
                filename = "xcat/xnba.efi";
              } else if option client-architecture = 00:0b {
                filename = "boot/grub2/grub2-aa64.efi";
              } else if option client-architecture = 00:00 {
                filename = "xcat/xnba.kpxe";
              } else if option client-architecture = null {
                filename "xcat/xnba.kpxe";
              } else {
                filename "";
              }
            }
            """;
        var options = new List<(byte, byte[])>();
        if (arch is not null) options.Add((93, Convert.FromHexString(arch)));
        if (userClass is not null) options.Add((DhcpOptionCode.UserClass, Encoding.ASCII.GetBytes(userClass)));
        var offer = Offer(conf, Discover([.. options]));
        Assert.That(Encoding.ASCII.GetString(offer.BootFileName), Is.EqualTo(file));
    }

    // IscWireCheck/funcs.conf, addresses moved as above.
    private const string Functions = """
        option client-architecture code 93 = unsigned integer 16;
        ddns-update-style none;
        authoritative;
        subnet 198.18.0.0 netmask 255.255.255.0 {
          range 198.18.0.10 198.18.0.20;
          option host-name = binary-to-ascii(16, 8, ":", hardware);
          option root-path = concat(encode-int(258, 16), reverse(1, leased-address), encode-int(extract-int(option client-architecture, 16) * 3 + 1, 8));
          option domain-name = concat(binary-to-ascii(10, 16, ".", packet(0, 4)), "/", binary-to-ascii(2, 8, "", substring(hardware, 1, 1)));
          option nis-domain = pick-first-value(option user-class, config-option domain-name, "none");
          if extract-int(option client-architecture, 16) = 7 { filename "seven"; } else { filename "not-seven"; }
          if option user-class ~= "^iP.E$" { server-name "re"; } elsif option user-class ~~ "^ipxe$" { server-name "ire"; } else { server-name "nore"; }
          if option host-name = null { option tftp-server-name "hn-null"; }
        }
        """;

    [Test]
    public void FunctionsAnswerAsIscDid()
    {
        var offer = Offer(Functions, Discover((93, [0x00, 0x07])));
        Assert.That(Encoding.ASCII.GetString(offer.BootFileName), Is.EqualTo("seven"));
        Assert.That(Encoding.ASCII.GetString(offer.ServerName), Is.EqualTo("nore"));
        Assert.That(Text(offer, 12), Is.EqualTo("1:2:aa:bb:cc:dd:1"));
        Assert.That(Text(offer, 15), Is.EqualTo("257.1536/10"));
        Span<byte> yiaddr = stackalloc byte[4];
        offer.YourAddress.Write(yiaddr);
        Assert.That(offer.GetOption(17).ToArray(), Is.EqualTo(new byte[] { 0x01, 0x02, yiaddr[3], yiaddr[2], yiaddr[1], yiaddr[0], 28 }));
        Assert.That(Text(offer, 40), Is.EqualTo("257.1536/10"));
        Assert.That(Text(offer, 66), Is.EqualTo("hn-null"));
    }

    [Test]
    public void FunctionsWithoutArchitectureAnswerAsIscDid()
    {
        var offer = Offer(Functions, Discover((DhcpOptionCode.UserClass, "ipxe"u8.ToArray())));
        Assert.That(Encoding.ASCII.GetString(offer.BootFileName), Is.EqualTo("not-seven"));
        Assert.That(Encoding.ASCII.GetString(offer.ServerName), Is.EqualTo("ire"));
        Assert.That(offer.TryGetOption(17, out _), Is.False, "a null part makes concat null, and a null value is not sent");
        Assert.That(Text(offer, 40), Is.EqualTo("ipxe"));
        Assert.That(Text(offer, 66), Is.EqualTo("hn-null"));
    }

    /// <summary>IscWireCheck/hosts.conf: expressions and default/append in a host, a group and a subnet.</summary>
    [Test]
    public void HostStatementsAnswerAsIscDid()
    {
        const string conf = """
            ddns-update-style none;
            authoritative;
            subnet 198.18.0.0 netmask 255.255.255.0 {
              range 198.18.0.10 198.18.0.20;
              default host-name = "dflt";
              option domain-name "subnet";
              append root-path "-subnet";
            }
            group {
              option root-path "group";
              host node7 {
                hardware ethernet 02:aa:bb:cc:dd:01;
                fixed-address 198.18.0.50;
                option host-name = host-decl-name;
                default domain-name "host";
                if static { filename = concat("static-", host-decl-name); } else { filename "dynamic"; }
                if known { server-name = binary-to-ascii(10, 8, ".", leased-address); }
              }
            }
            """;
        var offer = Offer(conf, Discover());
        Assert.That(offer.YourAddress.ToString(), Is.EqualTo("198.18.0.50"));
        Assert.That(Encoding.ASCII.GetString(offer.BootFileName), Is.EqualTo("static-node7"));
        Assert.That(Encoding.ASCII.GetString(offer.ServerName), Is.EqualTo("198.18.0.50"));
        Assert.That(Text(offer, 12), Is.EqualTo("node7"));
        Assert.That(Text(offer, 15), Is.EqualTo("subnet"));
        Assert.That(Text(offer, 17), Is.EqualTo("group"));
    }

    /// <summary>A client with no host: the subnet's default fills host-name, its append stands alone.</summary>
    [Test]
    public void DefaultAndAppendWithNothingBefore()
    {
        const string conf = """
            subnet 198.18.0.0 netmask 255.255.255.0 {
              range 198.18.0.10 198.18.0.20;
              default host-name = "dflt";
              append root-path "-subnet";
              prepend domain-name = concat("pre", "-");
              option domain-name "x";
            }
            """;
        var offer = Offer(conf, Discover());
        Assert.That(Text(offer, 12), Is.EqualTo("dflt"));
        Assert.That(Text(offer, 17), Is.EqualTo("-subnet"));
        // In written order: prepend on nothing gives "pre-", then the option statement replaces it.
        Assert.That(Text(offer, 15), Is.EqualTo("x"));
    }

    [Test]
    public void LeaseTimeIsTheTimeGranted()
    {
        const string conf = """
            default-lease-time 600;
            subnet 198.18.0.0 netmask 255.255.255.0 {
              range 198.18.0.10 198.18.0.20;
              option dhcp-renewal-time = encode-int(lease-time / 4, 32);
              option root-path = binary-to-ascii(10, 32, "", encode-int(lease-time, 32));
            }
            """;
        var offer = Offer(conf, Discover());
        Assert.That(offer.GetOption(58).ToArray(), Is.EqualTo(new byte[] { 0, 0, 0, 150 }));
        Assert.That(Text(offer, 17), Is.EqualTo("600"));
    }
}
