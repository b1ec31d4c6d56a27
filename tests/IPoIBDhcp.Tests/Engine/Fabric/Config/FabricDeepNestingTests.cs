using System.Text;
using IPoIBDhcp.Engine.Fabric.Config;
using IPoIBDhcp.Tests.Support;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Tests.Engine.Fabric.Config;

/// <summary>
/// fabric.conf and partitions.conf never exhaust the stack: blocks nested past the stated limit are refused at the
/// offending <c>{</c>, and partitions.conf has no nesting at all. Parses run on a 256 KiB stack.
/// </summary>
public class FabricDeepNestingTests
{
    private static string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();

    private static ConfigDiagnostic Refusal(string text) =>
        SmallStack.Run(() => FabricConfigParser.TryParse(text, "f.conf", null, out _, out var error) ? null : error)
        ?? throw new AssertionException("the text was accepted");

    [Test]
    public void AHundredThousandNestedBlocksAreRefusedAtTheFirstTooDeep()
    {
        string text = "fabric x { }\n" + Repeat("a {\n", 100_000) + Repeat("}\n", 100_000);
        var e = Refusal(text);
        Assert.That(e.ToString(), Is.EqualTo($"f.conf:{2 + ConfigSyntaxDepth}:3: blocks nested deeper than {ConfigSyntaxDepth}"));
    }

    [Test]
    public void AHundredThousandOpenBracesAreRefused()
    {
        var e = Refusal(Repeat("{", 100_000));
        Assert.That(e.ToString(), Is.EqualTo("f.conf:1:1: unexpected '{', expected EOF"));
    }

    [Test]
    public void AHundredThousandCloseBracesAreRefused()
    {
        var e = Refusal(Repeat("}", 100_000));
        Assert.That((e.Line, e.Column), Is.EqualTo((1, 1)));
        Assert.That(e.Message, Does.StartWith("unexpected '}'"));
    }

    [Test]
    public void NestingWithinTheLimitReachesTheInterpreter()
    {
        string text = "fabric x { }\nhost h { port ib0 guid 0x1; }\n" + Repeat("a {\n", ConfigSyntaxDepth) + Repeat("}\n", ConfigSyntaxDepth);
        var e = Refusal(text);
        Assert.That(e.ToString(), Is.EqualTo("f.conf:3:1: unknown statement 'a' (expected fabric, host or nodes)"));
    }

    [Test]
    public void AHundredThousandPartitionRulesParse()
    {
        string text = Repeat("p=0x8001, ipoib : ALL=full;\n", 100_000);
        var file = SmallStack.Run(() => PartitionsConfigParser.Parse(text, "partitions.conf"));
        Assert.That(file.Partitions, Has.Count.EqualTo(100_000));
    }

    private const int ConfigSyntaxDepth = ConfSyntax.MaxBlockNesting;
}
