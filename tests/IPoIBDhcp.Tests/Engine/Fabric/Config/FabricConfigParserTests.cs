using IPoIBDhcp.Engine.Fabric.Config;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Tests.Engine.Fabric.Config;

public class FabricConfigParserTests
{
    [Test]
    public void ReadsHostsPortsGeneratedNodesAndFaults()
    {
        FabricDefinition fabric = FabricConfigParser.Parse("""
            fabric "lab" {
                partitions "conf/partitions.conf";
                mtu 2048;
                faults loss 0.01 duplicate 0.002 reorder 0.1 corrupt 0.001 delay 5ms jitter 250us seed 42;
            }
            host head { port ib0 guid 0002:c903:0000:0001 mtu 4096; port ib1 guid 0x0002c90300000002; }
            host node001 { port ib0 guid 0002:c903:0000:1001; }
            nodes n%03d count 3 start 7 guid-base 0002:c903:0001:0000;   # n007 n008 n009
            nodes "rack-%d.ib" count 2 guid-base 0x0002c90300020000 port ib1 mtu 4096;
            """, "lab.conf", "/etc/ipoib");

        Assert.That(fabric.Name, Is.EqualTo("lab"));
        Assert.That(fabric.PartitionsPath, Is.EqualTo("/etc/ipoib/conf/partitions.conf"));
        Assert.That(fabric.Faults, Is.EqualTo(new FabricFaults(0.01, 0.002, 0.1, 0.001, TimeSpan.FromMilliseconds(5), TimeSpan.FromMicroseconds(250), 42)));
        Assert.That(fabric.Hosts.Select(h => h.Name), Is.EqualTo(new[] { "head", "node001", "n007", "n008", "n009", "rack-1.ib", "rack-2.ib" }));

        FabricHost head = fabric.FindHost("head")!;
        Assert.That(head.Generated, Is.False);
        Assert.That(head.Ports, Is.EqualTo(new[]
        {
            new FabricHostPort("ib0", PortGuid.Parse("0002:c903:0000:0001"), 4096),
            new FabricHostPort("ib1", PortGuid.Parse("0002:c903:0000:0002"), 2048),   // the fabric's default mtu
        }));
        FabricHost n8 = fabric.FindHost("n008")!;
        Assert.That(n8.Generated, Is.True);
        Assert.That(n8.FindPort("ib0"), Is.EqualTo(new FabricHostPort("ib0", new PortGuid(0x0002_c903_0001_0008), 2048)));  // guid-base + node number
        Assert.That(fabric.FindHost("rack-2.ib")!.Ports[0], Is.EqualTo(new FabricHostPort("ib1", new PortGuid(0x0002_c903_0002_0002), 4096)));
        Assert.That(fabric.FindHost("nope"), Is.Null);
    }

    [Test]
    public void NoPartitionsFileAndNoFaultsAreTheDefaults()
    {
        FabricDefinition fabric = FabricConfigParser.Parse("fabric x { }\nhost h { port ib0 guid 0002:c903:0000:0001; }");
        Assert.That(fabric.PartitionsPath, Is.Null);
        Assert.That(fabric.Faults.IsNone, Is.True);
        Assert.That(fabric.Hosts[0].Ports[0].LinkMtu, Is.EqualTo(4096));
    }

    [TestCase("host h { port ib0 guid 0002:c903:0000:0001; }", 1, 1, "missing 'fabric")]
    [TestCase("fabric x { }\nfabric y { }\nhost h { port ib0 guid 1; }", 2, 1, "only one 'fabric'")]
    [TestCase("fabric x { }", 1, 1, "no hosts")]
    [TestCase("fabric x { colour blue; }\nhost h { port ib0 guid 0x1; }", 1, 12, "unknown fabric setting 'colour'")]
    [TestCase("fabric x { mtu 1500; }\nhost h { port ib0 guid 0x1; }", 1, 16, "not an IB link MTU")]
    [TestCase("fabric x { }\nhost h { port ib0 guid 0002:c903:zz:1; }", 2, 24, "not a port GUID")]
    [TestCase("fabric x { }\nhost h { port ib0 mtu 2048; }", 2, 27, "needs 'guid GUID'")]
    [TestCase("fabric x { }\nhost h { port ib0.8001 guid 0x1; }", 2, 15, "not a parent interface name")]
    [TestCase("fabric x { }\nhost h { port ib0 guid 0x1; }\nhost g { port ib0 guid 0x1; }", 3, 24, "already used (line 2)")]
    [TestCase("fabric x { }\nhost h { port ib0 guid 0x1; }\nhost h { port ib0 guid 0x2; }", 3, 6, "defined twice")]
    [TestCase("fabric x { }\nnodes node count 3 guid-base 0x1;", 2, 7, "placeholder")]
    [TestCase("fabric x { }\nnodes node%03x count 3 guid-base 0x1;", 2, 7, "%d or %0Nd")]
    [TestCase("fabric x { }\nnodes n%d count 0 guid-base 0x1;", 2, 17, "count must be")]
    [TestCase("fabric x { }\nnodes n%d count 2 guid-base 0x1 speed 5;", 2, 33, "unknown option 'speed'")]
    [TestCase("fabric x { }\nnodes n%d count 2;", 2, 18, "needs 'guid-base")]
    [TestCase("fabric x { faults loss 1.5; }\nhost h { port ib0 guid 0x1; }", 1, 24, "probability")]
    [TestCase("fabric x { faults delay 5min; }\nhost h { port ib0 guid 0x1; }", 1, 25, "duration")]
    [TestCase("fabric x { }\nhost h { port ib0 guid 0x1 }", 2, 28, "unexpected '}'")]
    [TestCase("fabric x { \nhost h { port ib0 guid 0x1; }", 2, 30, "unexpected end of file")]
    [TestCase("fabric \"a b\" { }\nhost h { port ib0 guid 0x1; }", 1, 8, "fabric name")]
    // Found by fuzzing (fuzz/regressions/fabric): Path.GetFullPath threw ArgumentException on these.
    [TestCase("fabric x { partitions \"a\0b\"; }\nhost h { port ib0 guid 0x1; }", 1, 23, "needs a file name")]
    [TestCase("fabric x { partitions \"\"; }\nhost h { port ib0 guid 0x1; }", 1, 23, "needs a file name")]
    public void ErrorsNameFileLineAndColumn(string text, int line, int column, string reason)
    {
        var e = Assert.Throws<FabricConfigException>(() => FabricConfigParser.Parse(text, "f.conf"))!;
        Assert.That((e.Diagnostic.Line, e.Diagnostic.Column), Is.EqualTo((line, column)), e.Message);
        Assert.That(e.Diagnostic.Message, Does.Contain(reason));
        Assert.That(e.Message, Does.StartWith($"f.conf:{line}:{column}: "));
        Assert.That(FabricConfigParser.TryParse(text, "f.conf", null, out _, out ConfigDiagnostic? error), Is.False);
        Assert.That(error!.ToString(), Is.EqualTo(e.Message));
    }

    [Test]
    public void DeepNestingIsAnErrorNotAStackOverflow()
    {
        // Found by fuzzing: thousands of nested blocks overflowed the stack of the recursive grammar.
        string text = "fabric x { }\n" + string.Concat(Enumerable.Repeat("a { ", 10_000)) + new string('}', 10_000);
        var e = Assert.Throws<FabricConfigException>(() => FabricConfigParser.Parse(text, "f.conf"))!;
        int tooDeep = ConfSyntax.MaxBlockNesting + 1;
        Assert.That((e.Diagnostic.Line, e.Diagnostic.Column), Is.EqualTo((2, tooDeep * 4 - 1)), $"at the brace that opens level {tooDeep}");
        Assert.That(e.Diagnostic.Message, Is.EqualTo($"blocks nested deeper than {ConfSyntax.MaxBlockNesting}"));
        // A brace inside a comment or a quoted string is not nesting.
        string quoted = "fabric x { }\n# " + new string('{', 100) + "\nhost \"" + new string('{', 100) + "\" { port ib0 guid 0x1; }";
        var named = Assert.Throws<FabricConfigException>(() => FabricConfigParser.Parse(quoted, "f.conf"))!;
        Assert.That(named.Diagnostic.Message, Does.Not.Contain("nested"));
    }

    [TestCase(256, 1, 252)]
    [TestCase(512, 2, 508)]
    [TestCase(1024, 3, 1020)]
    [TestCase(2048, 4, 2044)]
    [TestCase(4096, 5, 4092)]
    public void IbMtuCodesMapToIPoIBDatagramMtus(int bytes, int code, int ipoib)
    {
        Assert.That(InfiniBandMtu.TryToCode(bytes, out int c), Is.True);
        Assert.That(c, Is.EqualTo(code));
        Assert.That(InfiniBandMtu.TryFromCode(code, out int b), Is.True);
        Assert.That(b, Is.EqualTo(bytes));
        Assert.That(InfiniBandMtu.DatagramMtu(bytes), Is.EqualTo(ipoib));
    }

    [TestCase(0)]
    [TestCase(6)]
    public void OtherMtuCodesAreRejected(int code) => Assert.That(InfiniBandMtu.TryFromCode(code, out _), Is.False);
}
