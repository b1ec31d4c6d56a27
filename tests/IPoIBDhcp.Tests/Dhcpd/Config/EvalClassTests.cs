using System.Text;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Tests.Dhcpd.Config;

/// <summary>
/// <c>match DATA</c> with subclasses, <c>spawn with</c>, and pools admitting members of a class through its
/// subclasses, through the real server core; the answers are those ISC dhcpd 4.4.3-P1 gave for the same file
/// (IscWireCheck/classes.conf, README.md).
/// </summary>
public class EvalClassTests
{
    private const string Classes = """
        ddns-update-style none;
        authoritative;
        class "vendor" { match pick-first-value(option dhcp-client-identifier, hardware); option domain-name "vendor"; }
        subclass "vendor" 1:02:aa:bb:cc:dd:01 { option root-path "sub"; }
        subclass "vendor" 1:02:aa:bb:cc:dd:02;
        class "spawned" { match if exists user-class; spawn with option user-class; option domain-name "spawned"; }
        subnet 198.18.0.0 netmask 255.255.255.0 {
          pool { allow members of "vendor"; range 198.18.0.10 198.18.0.20; }
          pool { allow members of "spawned"; range 198.18.0.30 198.18.0.40; }
        }
        """;

    private static string Text(DhcpMessage m, byte code) => Encoding.ASCII.GetString(m.GetOption(code));

    [Test]
    public void SubclassMemberGetsClassAndSubclassParametersAndThePool()
    {
        var offer = EvalReplyTests.Offer(Classes, EvalReplyTests.Discover());
        Assert.That(offer.YourAddress.ToString(), Is.EqualTo("198.18.0.10"));
        Assert.That(Text(offer, 15), Is.EqualTo("vendor"));
        Assert.That(Text(offer, 17), Is.EqualTo("sub"));
    }

    [Test]
    public void SpawningClassTakesAnyValue()
    {
        var offer = EvalReplyTests.Offer(Classes, EvalReplyTests.Discover(
            (DhcpOptionCode.ClientIdentifier, [0x01, 0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0x09]), (DhcpOptionCode.UserClass, "x"u8.ToArray())));
        Assert.That(offer.YourAddress.ToString(), Is.EqualTo("198.18.0.30"));
        Assert.That(Text(offer, 15), Is.EqualTo("spawned"));
        Assert.That(offer.TryGetOption(17, out _), Is.False);
    }

    [Test]
    public void NoSubclassNoMembershipNoPool()
    {
        var result = DhcpdConfigParser.ParseText(Classes, "dhcpd.conf");
        var h = new ServerHarness(ConfigPlanBuilder.Build(result.Config!));
        var decision = h.Send(EvalReplyTests.Discover((DhcpOptionCode.ClientIdentifier, [0x01, 0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0x09])), h.Port("eth0", "198.18.0.1"));
        Assert.That(decision.ReplyLength, Is.Zero);
        Assert.That(h.Log, Has.Some.Contains("no free leases"));
    }

    [Test]
    public void ClassifyNamesTheClassAndTheScopedSubclass()
    {
        var config = DhcpdConfigParser.ParseText(Classes, "dhcpd.conf").Config!;
        var vendor = config.ClassesByName["vendor"];
        Assert.That(vendor.Subclasses, Has.Count.EqualTo(2));
        var m = new DhcpMessage();
        m.Read(EvalReplyTests.Discover());
        Assert.That(vendor.Classify(new EvaluationContext(m), out var subclass), Is.True);
        Assert.That(subclass!.Key, Is.EqualTo(new byte[] { 1, 2, 0xaa, 0xbb, 0xcc, 0xdd, 1 }));
        Assert.That(subclass.Scope!.Parent, Is.SameAs(vendor.Scope));
        var plan = ConfigPlanBuilder.Build(config);
        Assert.That(plan.Resolver.Classify(m), Is.EqualTo(new[] { subclass.MemberName, "vendor" }));
    }

    [Test]
    public void MatchIfAndSpawnCombine()
    {
        var config = DhcpdConfigParser.ParseText(
            "class \"jr\" { match if option vendor-class-identifier = \"jrcm\"; spawn with option user-class; }\n", "dhcpd.conf").Config!;
        var jr = config.Classes.Single();
        Assert.That(jr.Matches(new TestOptionSource(new() { [60] = "jrcm"u8.ToArray(), [77] = "site1"u8.ToArray() })), Is.True);
        Assert.That(jr.Matches(new TestOptionSource(new() { [60] = "jrcm"u8.ToArray() })), Is.False, "no value to spawn with");
        Assert.That(jr.Matches(new TestOptionSource(new() { [60] = "dvdsl"u8.ToArray(), [77] = "site1"u8.ToArray() })), Is.False);
    }

    /// <summary>Cobbler's dhcp.template shape: the class sits inside the subnet (IscWireCheck/cobbler.conf).</summary>
    [TestCase("PXEClient:Arch:00007:UNDI:003016", "0007", "grub/grub-x86_64.efi")]
    [TestCase("PXEClient:Arch:00006:UNDI:003016", "0006", "grub/grub-x86.efi")]
    [TestCase("PXEClient:Arch:00000:UNDI:002001", null, "pxelinux.0")]
    [TestCase(null, "0007", "")]
    public void CobblerClassInSubnet(string? vendorClass, string? arch, string file)
    {
        const string conf = """
            ddns-update-style none;
            option pxe-system-type code 93 = unsigned integer 16;
            subnet 198.18.0.0 netmask 255.255.255.0 {
                 option routers             198.18.0.1;
                 range dynamic-bootp        198.18.0.100 198.18.0.154;
                 next-server                198.18.0.1;
                 class "pxeclients" {
                      match if substring (option vendor-class-identifier, 0, 9) = "PXEClient";
                      if option pxe-system-type = 00:02 {
                              filename "ia64/elilo.efi";
                      } else if option pxe-system-type = 00:06 {
                              filename "grub/grub-x86.efi";
                      } else if option pxe-system-type = 00:07 {
                              filename "grub/grub-x86_64.efi";
                      } else {
                              filename "pxelinux.0";
                      }
                 }
            }
            """;
        var options = new List<(byte, byte[])>();
        if (vendorClass is not null) options.Add((DhcpOptionCode.VendorClassIdentifier, Encoding.ASCII.GetBytes(vendorClass)));
        if (arch is not null) options.Add((93, Convert.FromHexString(arch)));
        var offer = EvalReplyTests.Offer(conf, EvalReplyTests.Discover([.. options]));
        Assert.That(Encoding.ASCII.GetString(offer.BootFileName), Is.EqualTo(file));
    }

    /// <summary>Warewulf's template shape: iPXE by user-class, else firmware by architecture in a nested if/elsif.</summary>
    [TestCase("iPXE", null, "http://198.18.0.1:9873/ipxe/")]
    [TestCase(null, "000b", "/warewulf/arm64.efi")]
    [TestCase(null, "0007", "/warewulf/x86_64.efi")]
    [TestCase(null, "0000", "/warewulf/i386.kpxe")]
    [TestCase(null, null, "")]
    public void WarewulfNestedIf(string? userClass, string? arch, string file)
    {
        const string conf = """
            option architecture-type code 93 = unsigned integer 16;
            subnet 198.18.0.0 netmask 255.255.255.0 {
              range 198.18.0.100 198.18.0.154;
              next-server 198.18.0.1;
              if exists user-class and option user-class = "iPXE" {
                filename "http://198.18.0.1:9873/ipxe/";
              } else {
                if option architecture-type = 00:0B {
                  filename "/warewulf/arm64.efi";
                } elsif option architecture-type = 00:0A {
                  filename "/warewulf/arm32.efi";
                } elsif option architecture-type = 00:09 {
                  filename "/warewulf/x86_64.efi";
                } elsif option architecture-type = 00:07 {
                  filename "/warewulf/x86_64.efi";
                } elsif option architecture-type = 00:00 {
                  filename "/warewulf/i386.kpxe";
                }
              }
            }
            """;
        var options = new List<(byte, byte[])>();
        if (userClass is not null) options.Add((DhcpOptionCode.UserClass, Encoding.ASCII.GetBytes(userClass)));
        if (arch is not null) options.Add((93, Convert.FromHexString(arch)));
        var offer = EvalReplyTests.Offer(conf, EvalReplyTests.Discover([.. options]));
        Assert.That(Encoding.ASCII.GetString(offer.BootFileName), Is.EqualTo(file));
    }

    [TestCase("class \"a\" { class \"b\" { } }", "dhcpd.conf:1:13: 'class' is not allowed in a class")]
    [TestCase("if known { class \"b\" { } }", "dhcpd.conf:1:12: 'class' is not allowed in an if statement")]
    public void ClassesWhereIscRefusesThem(string text, string message) =>
        Assert.That(DhcpdConfigParser.ParseText(text + "\n", "dhcpd.conf").Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[] { message }));

    [TestCase("shared-network sn { subnet 198.18.0.0 netmask 255.255.255.0 { } class \"c\" { match if known; } }")]
    [TestCase("subnet 198.18.0.0 netmask 255.255.255.0 { pool { range 198.18.0.10 198.18.0.11; class \"c\" { match if known; } } }")]
    [TestCase("host h { hardware ethernet 02:00:00:00:00:01; class \"c\" { match if known; } }")]
    public void ClassesWhereIscTakesThem(string text) =>
        Assert.That(DhcpdConfigParser.ParseText(text + "\n", "dhcpd.conf").Diagnostics, Is.Empty);
}
