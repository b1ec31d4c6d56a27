using System.Text;
using IPoIBDhcp.Server.Config;

namespace IPoIBDhcp.Tests.Dhcpd.Config;

public class ExpressionTests
{
    /// <summary>Parses a one-class config and returns its condition.</summary>
    private static ClassDeclaration Class(string condition)
    {
        var result = DhcpdConfigParser.ParseText($"class \"c\" {{\n  match if {condition};\n}}\n", "dhcpd.conf");
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.Empty);
        return result.Config!.Classes.Single();
    }

    private static TestOptionSource Request(byte code, string ascii, bool known = false) =>
        new(new() { [code] = Encoding.ASCII.GetBytes(ascii) }, known);

    [TestCase("substring(option vendor-class-identifier, 0, 9) = \"PXEClient\"", true)]
    [TestCase("substring(option vendor-class-identifier, 0, 9) = \"PXEClien\"", false)]
    [TestCase("option vendor-class-identifier = \"PXEClient\"", false)]
    [TestCase("option vendor-class-identifier = \"PXEClient:Arch:00000:UNDI:002001\"", true)]
    [TestCase("suffix(option vendor-class-identifier, 6) = \"002001\"", true)]
    [TestCase("substring(option vendor-class-identifier, 15, 5) = \"00000\"", true)]
    [TestCase("substring(option vendor-class-identifier, 100, 5) = \"\"", true)]
    [TestCase("substring(option vendor-class-identifier, 26, 100) = \"002001\"", true)]
    [TestCase("suffix(option vendor-class-identifier, 100) = \"PXEClient:Arch:00000:UNDI:002001\"", true)]
    // "PXE" in colon-hex: 50:58:45.
    [TestCase("substring(option vendor-class-identifier, 0, 3) = 50:58:45", true)]
    [TestCase("substring(option vendor-class-identifier, 0, 3) != 50:58:45", false)]
    [TestCase("exists vendor-class-identifier", true)]
    [TestCase("exists user-class", false)]
    [TestCase("not exists user-class", true)]
    [TestCase("option user-class = \"iPXE\"", false)]
    // ISC 4.4 compares a missing option as null: null != "iPXE" holds, null = null holds. Checked on the wire with
    // ISC dhcpd 4.4.3-P1 in a network namespace (IscWireCheck/semantics.conf: "ne-true" for a client without user-class).
    [TestCase("option user-class != \"iPXE\"", true)]
    [TestCase("not (option user-class = \"iPXE\")", true)]
    [TestCase("option user-class = null", true)]
    [TestCase("exists user-class or substring(option vendor-class-identifier, 0, 9) = \"PXEClient\"", true)]
    [TestCase("exists user-class and option user-class = \"iPXE\"", false)]
    [TestCase("known", false)]
    [TestCase("not known and exists vendor-class-identifier", true)]
    public void PxeFirmwareRequest(string condition, bool expected) =>
        Assert.That(Class(condition).Matches(TestOptionSource.PxeFirmware), Is.EqualTo(expected));

    [TestCase("option user-class = \"iPXE\"", true)]
    [TestCase("option user-class = \"ipxe\"", false)]
    [TestCase("option user-class = 69:50:58:45", true)]
    [TestCase("option user-class != \"iPXE\"", false)]
    [TestCase("option user-class = null", false)]
    [TestCase("exists user-class and option user-class = \"iPXE\"", true)]
    [TestCase("not exists user-class or option user-class = \"gPXE\"", false)]
    // and binds tighter than or: false or (true and true).
    [TestCase("exists host-name or exists user-class and exists vendor-class-identifier", true)]
    [TestCase("(exists host-name or exists user-class) and not exists vendor-class-identifier", false)]
    public void IpxeRequest(string condition, bool expected) =>
        Assert.That(Class(condition).Matches(TestOptionSource.Ipxe), Is.EqualTo(expected));

    [Test]
    public void KnownReadsTheRequest()
    {
        var c = Class("known");
        Assert.That(c.Matches(Request(60, "x", known: true)), Is.True);
        Assert.That(c.Matches(Request(60, "x", known: false)), Is.False);
    }

    [Test]
    public void AstShape()
    {
        var match = Class("substring(option vendor-class-identifier, 0, 9) = \"PXEClient\"").Match;
        var expected = new EqualityExpression(
            new SubstringExpression(new OptionDataExpression(60, "vendor-class-identifier"), 0, 9),
            new ConstantDataExpression([.. Encoding.ASCII.GetBytes("PXEClient")]),
            Negated: false);
        Assert.That(match, Is.TypeOf<EqualityExpression>());
        var eq = (EqualityExpression)match!;
        Assert.That(eq.Left, Is.EqualTo(expected.Left));
        Assert.That(eq.Negated, Is.False);
        Assert.That(((ConstantDataExpression)eq.Right).Value, Is.EqualTo(Encoding.ASCII.GetBytes("PXEClient")));
    }

    [Test]
    public void SiteOptionsCanBeTested()
    {
        var result = DhcpdConfigParser.ParseText(
            "option arch code 93 = unsigned integer 16;\noption site-tag code 250 = text;\n" +
            "class \"efi\" { match if option arch = 00:07; }\nclass \"tag\" { match if option site-tag = \"rack1\"; }\n",
            "dhcpd.conf");
        Assert.That(result.Diagnostics, Is.Empty);
        var efi = result.Config!.ClassesByName["efi"];
        Assert.That(efi.Matches(new TestOptionSource(new() { [93] = [0x00, 0x07] })), Is.True);
        Assert.That(efi.Matches(new TestOptionSource(new() { [93] = [0x00, 0x00] })), Is.False);
        Assert.That(result.Config.ClassesByName["tag"].Matches(Request(250, "rack1")), Is.True);
    }

    // The condition starts at column 12 ("  match if " is 11 characters).
    [TestCase("substring(option vendor-class-identifier, 0) = \"PXE\"", "dhcpd.conf:2:55: match if: expected ',', found ')'")]
    [TestCase("option user-class ==", "dhcpd.conf:2:31: match if: expected a data expression, found '='")]
    [TestCase("option user-class = \"iPXE\" and", "dhcpd.conf:3:1: match if: expected a boolean expression, found ';'")]
    [TestCase("exists no-such-option", "dhcpd.conf:2:19: unknown option 'no-such-option'")]
    public void BadExpressionsArePositioned(string condition, string message)
    {
        var result = DhcpdConfigParser.ParseText($"class \"c\" {{\n  match if {condition}\n;\n}}\n", "dhcpd.conf");
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[] { message }));
    }
}
