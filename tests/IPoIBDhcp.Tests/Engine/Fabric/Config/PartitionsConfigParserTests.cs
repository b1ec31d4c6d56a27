using IPoIBDhcp.Engine.Fabric.Config;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Tests.Engine.Fabric.Config;

public class PartitionsConfigParserTests
{
    [Test]
    public void ReadsTheOpenSmFormsWithFlagsAndMembers()
    {
        PartitionsFile file = PartitionsConfigParser.Parse("""
            # comment line
            Default=0x7fff, ipoib, mtu=5 : ALL=full;   # trailing comment
            storage=0x8001, ipoib, mtu=4, rate=7, sl=1, scope=2 :
                0x0002c90300001001=full, 0x0002c90300001002=limited,
                0x0002c90300001003 ;
            shared = 0x80 , defmember=full : 0x123451, 1193042 ;
            cas=0x0002 : ALL_CAS ;
            empty=0x0003 : ;
            """);
        Assert.That(file.Partitions, Has.Count.EqualTo(5));

        PartitionDefinition d = file.Partitions[0];
        Assert.That(d.Name, Is.EqualTo("Default"));
        Assert.That(d.PKey, Is.EqualTo(PKey.Default));          // 0x7fff is written, the full form 0xffff is kept
        Assert.That(d.IsDefault, Is.True);
        Assert.That(d.IPoIB, Is.True);
        Assert.That(d.MtuCode, Is.EqualTo(5));
        Assert.That(d.IBMtu, Is.EqualTo(4096));
        Assert.That(d.IPoIBMtu, Is.EqualTo(4092));
        Assert.That(d.Members, Is.EqualTo(new[] { new PartitionMember(PartitionMemberKind.All, default, PartitionMembership.Full) }));
        Assert.That(d.Line, Is.EqualTo(2));

        PartitionDefinition s = file.Partitions[1];
        Assert.That(s.PKey, Is.EqualTo(new PKey(0x8001)));
        Assert.That(s.IPoIBMtu, Is.EqualTo(2044));
        Assert.That((s.Rate, s.ServiceLevel, s.Scope), Is.EqualTo(((int?)7, (int?)1, (int?)2)));
        Assert.That(s.Members.Select(m => (m.Guid.Value, m.Membership)), Is.EqualTo(new[]
        {
            (0x0002c90300001001UL, PartitionMembership.Full),
            (0x0002c90300001002UL, PartitionMembership.Limited),
            (0x0002c90300001003UL, PartitionMembership.Limited),  // OpenSM's default membership is limited
        }));

        PartitionDefinition shared = file.Partitions[2];
        Assert.That(shared.PKey, Is.EqualTo(new PKey(0x8080)));
        Assert.That(shared.IPoIB, Is.False);
        Assert.That(shared.MtuCode, Is.EqualTo(4));                // OpenSM default mtu=4 (2048)
        Assert.That(shared.DefaultMembership, Is.EqualTo(PartitionMembership.Full));
        Assert.That(shared.Members.Select(m => m.Guid.Value), Is.EqualTo(new[] { 0x123451UL, 1193042UL })); // decimal accepted, as strtoull
        Assert.That(shared.Members.All(m => m.Membership == PartitionMembership.Full), Is.True);

        Assert.That(file.Partitions[3].Members[0].Kind, Is.EqualTo(PartitionMemberKind.AllCas));
        Assert.That(file.Partitions[4].Members, Is.Empty);
    }

    [Test]
    public void DefaultPartitionWrittenAs0xffffIsTheSamePartition()
    {
        PartitionsFile a = PartitionsConfigParser.Parse("Default=0xffff, ipoib : ALL=full;");
        PartitionsFile b = PartitionsConfigParser.Parse("Default=0x7fff, ipoib : ALL=full;");
        Assert.That(a.Partitions[0].PKey, Is.EqualTo(b.Partitions[0].PKey));
        Assert.That(a.Partitions[0].IsDefault, Is.True);
    }

    [TestCase("Default=0x7fff : SELF=full;", 1, 18, "SELF")]
    [TestCase("Default=0x7fff : ALL, ALL_SWITCHES=full;", 1, 23, "ALL_SWITCHES")]
    [TestCase("p=0x8001 : ALL_ROUTERS;", 1, 12, "ALL_ROUTERS")]
    [TestCase("p=0x8001, foo : ALL;", 1, 11, "unknown partition flag 'foo'")]
    [TestCase("p=0x8001, mtu=6 : ALL;", 1, 15, "mtu=6 is out of range")]
    [TestCase("p=0x8001, mtu : ALL;", 1, 11, "needs a value")]
    [TestCase("p=0x8001, ipoib=1 : ALL;", 1, 17, "takes no value")]
    [TestCase("p=0x8001, defmember=both : ALL;", 1, 21, "defmember=both")]
    [TestCase("p=0x8001 : 0x1234=limi;", 1, 19, "membership must be full or limited")]
    [TestCase("p=0x8001 : node7;", 1, 12, "'node7' is not a port GUID")]
    [TestCase("p=0x8000 : ALL;", 1, 3, "is invalid")]
    [TestCase("p=0x18001 : ALL;", 1, 3, "is not a P_Key")]
    [TestCase("nopkey, ipoib : ALL;", 1, 1, "explicit P_Key")]
    [TestCase("# header\n\n  p=0x8001 : ALL\n", 4, 1, "expected")]
    [TestCase("p=0x8001 ALL;", 1, 10, "unexpected 'A'")]
    public void RefusesWhatItCannotModelWithFileLineAndColumn(string text, int line, int column, string reason)
    {
        var e = Assert.Throws<FabricConfigException>(() => PartitionsConfigParser.Parse(text, "p.conf"))!;
        Assert.That((e.Diagnostic.Line, e.Diagnostic.Column), Is.EqualTo((line, column)), e.Message);
        Assert.That(e.Diagnostic.Message, Does.Contain(reason));
        Assert.That(e.Message, Does.StartWith($"p.conf:{line}:{column}: "));
        Assert.That(PartitionsConfigParser.TryParse(text, "p.conf", out PartitionsFile? parsed, out ConfigDiagnostic? error), Is.False);
        Assert.That(parsed, Is.Null);
        Assert.That(error!.ToString(), Is.EqualTo(e.Message));
    }

    [Test]
    public void EveryPrefixOfAValidFileParsesOrFailsWithALocatedError()
    {
        const string text = "Default=0x7fff, ipoib, mtu=5 : ALL=full;\nstorage=0x8001, ipoib : 0x0002c90300001001=full, 0x0002c90300001002;\n";
        for (int i = 0; i <= text.Length; i++)
        {
            try
            {
                PartitionsConfigParser.Parse(text[..i]);
            }
            catch (FabricConfigException e)
            {
                Assert.That(e.Diagnostic.Line, Is.InRange(1, 3));
                Assert.That(e.Diagnostic.Column, Is.GreaterThan(0));
            }
        }
    }
}
