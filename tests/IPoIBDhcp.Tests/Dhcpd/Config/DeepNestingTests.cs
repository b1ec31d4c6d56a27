using System.Buffers.Binary;
using System.Text;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Text;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Tests.Dhcpd;
using IPoIBDhcp.Tests.Support;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Tests.Dhcpd.Config;

/// <summary>
/// dhcpd.conf nested as deep as ISC dhcpd 4.4.3 accepts (20,000 groups), or far deeper, parses or is refused with a
/// position; it never exhausts the stack. Every parse here runs on a 256 KiB stack to prove the bound is structural.
/// </summary>
public class DeepNestingTests
{
    private const string Subnet = "subnet 198.18.0.0 netmask 255.255.0.0 { }\n";

    private static DhcpdParseResult Parse(string text) => SmallStack.Run(() => DhcpdConfigParser.ParseText(text, "deep.conf"));

    private static string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();

    private static string[] Messages(DhcpdParseResult result) => result.Diagnostics.Select(d => d.ToString()).ToArray();

    private static string Groups(int depth, string inner, string each = "") =>
        Subnet + Repeat("group {\n" + each, depth) + inner + Repeat("}\n", depth);

    [Test]
    public void AHostInsideTwentyThousandGroupsIsFoundWithItsFixedAddress()
    {
        var result = Parse(Groups(20_000, "host deep { hardware ethernet 00:11:22:33:44:55; fixed-address 198.18.0.5; }\n", "default-lease-time 600;\n"));

        Assert.That(Messages(result), Is.Empty);
        var host = result.Config!.Hosts.Single();
        Assert.That(host.Name, Is.EqualTo("deep"));
        Assert.That(host.FixedAddresses, Is.EqualTo(new[] { IPv4Address.Parse("198.18.0.5") }));
        Assert.That(host.Position.Line, Is.EqualTo(40_002), "after the subnet line and two lines per group");
        Assert.That(host.Scope.Chain().Count(), Is.EqualTo(20_002), "host, 20,000 groups, global");
        Assert.That(SmallStack.Run(() => host.Scope.Effective()).Find(ServerParameters.DefaultLeaseTime), Is.EqualTo(600));
    }

    [Test]
    public void TheServerPlanOfADeepNestServesTheHostsFixedAddress()
    {
        var result = Parse(Groups(20_000,
            "host deep { option dhcp-client-identifier ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:00:10:01; fixed-address 198.18.0.5; }\n",
            "default-lease-time 600;\n"));
        Assert.That(Messages(result), Is.Empty);

        var (address, leaseTime) = SmallStack.Run(() =>
        {
            var h = new ServerHarness(ConfigPlanBuilder.Build(result.Config!));
            var id = ClientIdentifier.FlexBoot(new PortGuid(0x0002c90300001001UL));
            h.Send(ServerHarness.Build(DhcpMessageType.Discover, id), h.Port());
            return (h.Reply.YourAddress, BinaryPrimitives.ReadUInt32BigEndian(h.Reply.GetOption(DhcpOptionCode.LeaseTime)));
        });
        Assert.That(address, Is.EqualTo(IPv4Address.Parse("198.18.0.5")));
        Assert.That(leaseTime, Is.EqualTo(600));
    }

    [Test]
    public void ASubnetInsideTwentyThousandGroupsIsPlanned()
    {
        var result = Parse(Repeat("group {\n", 20_000) + "subnet 198.18.0.0 netmask 255.255.0.0 { range 198.18.1.1 198.18.1.9; }\n" + Repeat("}\n", 20_000));
        Assert.That(Messages(result), Is.Empty);
        var plan = SmallStack.Run(() => ConfigPlanBuilder.Build(result.Config!));
        Assert.That(plan.Subnets.Single().Pools.Single().Ranges.Single().Count, Is.EqualTo(9));
    }

    [Test]
    public void AHundredThousandOpenBracesAreOneErrorAtTheFirst()
    {
        Assert.That(Messages(Parse(Repeat("{", 100_000))), Is.EqualTo(new[] { "deep.conf:1:1: '{' is never closed by '}'" }));
    }

    [Test]
    public void AHundredThousandGroupsNeverClosedAreOneErrorAtTheFirst()
    {
        Assert.That(Messages(Parse(Repeat("group {\n", 100_000))), Is.EqualTo(new[] { "deep.conf:1:7: group: '{' is never closed by '}'" }));
    }

    [Test]
    public void AHundredThousandCloseBracesAreEachReported()
    {
        var messages = Messages(Parse(Repeat("}", 100_000)));
        Assert.That(messages, Has.Length.EqualTo(100_000));
        Assert.That(messages[0], Is.EqualTo("deep.conf:1:1: unexpected '}'"));
        Assert.That(messages[^1], Is.EqualTo("deep.conf:1:100000: unexpected '}'"));
    }

    [Test]
    public void GroupsNestedAfterAMissingSemicolonKeepTheirPositions()
    {
        var messages = Messages(Parse(Groups(5_000, "default-lease-time 600\n")));
        Assert.That(messages, Is.EqualTo(new[] { "deep.conf:5003:1: default-lease-time: missing ';' before '}'" }));
    }

    [Test]
    public void IfStatementsNestUpToTheStatedLimit()
    {
        string Ifs(int n) => Repeat("if exists host-name {\n", n) + "default-lease-time 10;\n" + Repeat("}\n", n);

        var accepted = Parse(Ifs(ConfigLimits.MaxIfNesting));
        Assert.That(Messages(accepted), Is.Empty);
        Assert.That(SmallStack.Run(() => accepted.Config!.Global.Effective(TestOptionSource.Ipxe)).Find(ServerParameters.DefaultLeaseTime), Is.Null);

        Assert.That(Messages(Parse(Ifs(20_000))),
            Is.EqualTo(new[] { $"deep.conf:{ConfigLimits.MaxIfNesting + 1}:1: 'if' statements nested deeper than {ConfigLimits.MaxIfNesting}" }));
    }

    [Test]
    public void AHundredThousandParenthesesAreRefusedAtTheFirstTooDeep()
    {
        string text = "class \"c\" { match if " + Repeat("(", 100_000) + "exists host-name" + Repeat(")", 100_000) + "; }\n";
        int column = "class \"c\" { match if ".Length + ConfigLimits.MaxExpressionNesting + 1;
        Assert.That(Messages(Parse(text)),
            Is.EqualTo(new[] { $"deep.conf:1:{column}: match if: expression nested deeper than {ConfigLimits.MaxExpressionNesting} parentheses" }));
    }

    [Test]
    public void ParenthesesUpToTheLimitAreEvaluated()
    {
        int n = ConfigLimits.MaxExpressionNesting;
        string text = "class \"c\" { match if " + Repeat("(", n) + "exists user-class" + Repeat(")", n) + "; }\n";
        var result = Parse(text);
        Assert.That(Messages(result), Is.Empty);
        Assert.That(SmallStack.Run(() => result.Config!.Classes.Single().Matches(TestOptionSource.Ipxe)), Is.True);
    }

    [Test]
    public void NestedSubstringsBeyondTheLimitAreRefused()
    {
        int n = 10_000;
        string text = "class \"c\" { match if " + Repeat("substring(", n) + "option user-class" + Repeat(", 0, 4)", n) + " = \"iPXE\"; }\n";
        int column = "class \"c\" { match if ".Length + "substring(".Length * (ConfigLimits.MaxExpressionNesting + 1);
        Assert.That(Messages(Parse(text)),
            Is.EqualTo(new[] { $"deep.conf:1:{column}: match if: expression nested deeper than {ConfigLimits.MaxExpressionNesting} parentheses" }));
    }

    [TestCase("not ")]
    [TestCase("exists host-name and ")]
    [TestCase("exists host-name or ")]
    public void AHundredThousandOperatorsAreRefusedAtTheFirstPastTheLimit(string unit)
    {
        string text = "if " + Repeat(unit, 100_000) + "exists host-name { default-lease-time 10; }\n";
        int operatorOffset = unit.StartsWith("not", StringComparison.Ordinal) ? 0 : "exists host-name ".Length;
        int column = "if ".Length + unit.Length * ConfigLimits.MaxExpressionOperators + operatorOffset + 1;
        Assert.That(Messages(Parse(text)),
            Is.EqualTo(new[] { $"deep.conf:1:{column}: if: expression has more than {ConfigLimits.MaxExpressionOperators} 'and', 'or' and 'not' operators" }));
    }

    [Test]
    public void AnAndChainUpToTheLimitIsEvaluated()
    {
        string text = "class \"c\" { match if " + Repeat("exists user-class and ", ConfigLimits.MaxExpressionOperators) + "exists user-class; }\n";
        var result = Parse(text);
        Assert.That(Messages(result), Is.Empty);
        Assert.That(SmallStack.Run(() => result.Config!.Classes.Single().Matches(TestOptionSource.Ipxe)), Is.True);
        Assert.That(SmallStack.Run(() => result.Config!.Classes.Single().Matches(TestOptionSource.Empty)), Is.False);
    }

    [Test]
    public void AHundredThousandArrayOfIsOneNamedError()
    {
        string text = "option foo code 200 = " + Repeat("array of ", 100_000) + "ip-address;\n";
        Assert.That(Messages(Parse(text)), Is.EqualTo(new[] { "deep.conf:1:32: option foo: arrays of arrays are not supported" }));
    }

    [Test]
    public void TwentyThousandGroupsEachSettingLeaseTimesAreCheckedQuickly()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = Parse(Groups(20_000, "", "default-lease-time 600;\nmax-lease-time 900;\n"));
        Assert.That(Messages(result), Is.Empty);
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)));

        var bad = Parse(Groups(20_000, "group { default-lease-time 1000; }\n", "max-lease-time 900;\n"));
        Assert.That(Messages(bad), Is.EqualTo(new[] { "deep.conf:40002:9: default-lease-time 1000 is greater than max-lease-time 900" }));
    }

    [Test]
    public void TheStructureOfDeepBlocksIsKept()
    {
        var statements = SmallStack.Run(() => StatementStructureParser.Parse(ConfigLexer.Tokenize(Repeat("a {", 50_000) + "b;" + Repeat("}", 50_000))));
        var s = statements.Single();
        int depth = 1;
        while (s.Body.Length == 1 && s.Body[0].HasBody)
        {
            Assert.That(s.Error, Is.Null);
            s = s.Body[0];
            depth++;
        }
        Assert.That(depth, Is.EqualTo(50_000));
        Assert.That(s.Body.Single().Keyword.Text, Is.EqualTo("b"));
    }
}
