using IPoIBDhcp.Server.Config;

namespace IPoIBDhcp.Tests.Dhcpd.Config;

/// <summary>
/// <c>option SPACE.NAME</c> and <c>exists SPACE.NAME</c> in conditions read the sub-option out of the option that
/// carries its space, as ISC's packet parser does for the agent space (option 82) and the V-I vendor spaces (125):
/// never the top-level option with the same code.
/// </summary>
public class SubOptionExpressionTests
{
    private static ClassDeclaration Class(string prelude, string condition)
    {
        var result = DhcpdConfigParser.ParseText($"{prelude}class \"c\" {{\n  match if {condition};\n}}\n", "dhcpd.conf");
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.Empty);
        return result.Config!.Classes.Single();
    }

    // Option 82: circuit-id "port-7", remote-id aa:bb; and a top-level option 1 that must not be mistaken for circuit-id.
    private static readonly TestOptionSource Relayed = new(new()
    {
        [82] = [1, 6, (byte)'p', (byte)'o', (byte)'r', (byte)'t', (byte)'-', (byte)'7', 2, 2, 0xaa, 0xbb],
        [1] = [255, 255, 255, 0],
    });

    [TestCase("option agent.circuit-id = \"port-7\"", true)]
    [TestCase("option agent.circuit-id = \"port-8\"", false)]
    [TestCase("option agent.remote-id = aa:bb", true)]
    [TestCase("exists agent.remote-id", true)]
    [TestCase("exists agent.link-selection", false)]
    public void AgentSubOptionsAreReadFromOption82(string condition, bool matches)
    {
        Assert.That(Class("", condition).Matches(Relayed), Is.EqualTo(matches));
        Assert.That(Class("", condition).Matches(TestOptionSource.Empty), Is.False);
    }

    [Test]
    public void ANestedSpaceWithFourByteCodesIsReadThroughItsParents()
    {
        // Option 125 (vivso, the vendor space): enterprise 2495 (4-byte code, 1-byte length) carrying the isc space: media "abc".
        var request = new TestOptionSource(new() { [125] = [0, 0, 0x09, 0xbf, 5, 1, 3, (byte)'a', (byte)'b', (byte)'c'] });
        Assert.That(Class("", "option isc.media = \"abc\"").Matches(request), Is.True);
        Assert.That(Class("", "exists isc.update-assist").Matches(request), Is.False);
    }

    [Test]
    public void ADeclaredSpaceIsReadThroughTheOptionThatEncapsulatesIt()
    {
        const string prelude = "option space ipxe;\noption ipxe-encap-opts code 175 = encapsulate ipxe;\noption ipxe.bus-id code 177 = string;\n";
        var request = new TestOptionSource(new() { [175] = [176, 1, 1, 177, 3, 1, 2, 3], [177] = [9] });
        Assert.That(Class(prelude, "option ipxe.bus-id = 01:02:03").Matches(request), Is.True);
    }

    [Test]
    public void ASpaceNoOptionCarriesCannotBeRead()
    {
        var result = DhcpdConfigParser.ParseText("option space foo;\noption foo.x code 1 = text;\nclass \"c\" {\n  match if exists foo.x;\n}\n", "dhcpd.conf");
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "dhcpd.conf:4:19: option foo.x: no option a client sends carries the foo space, so it cannot be read in an expression",
        }));
    }
}
