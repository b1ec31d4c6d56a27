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
}
