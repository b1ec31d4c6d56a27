using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Tests.Dhcpd.Config;

/// <summary>
/// <c>option space</c>, <c>option [SPACE.]NAME code N = TYPE;</c> and dotted option names, read as ISC dhcpd 4.4 reads
/// them. The expected formats are ISC's format strings (common/tables.c letters); which forms ISC accepts and refuses
/// was checked with <c>dhcpd -t -cf FILE</c> (ISC DHCP 4.4.3, Debian bookworm) on each line.
/// </summary>
public class OptionSpaceGrammarTests
{
    private static DhcpdParseResult Parse(string text) => DhcpdConfigParser.ParseText(text, "dhcpd.conf");

    private static string[] Messages(string text) => Parse(text).Diagnostics.Select(d => d.ToString()).ToArray();

    private static ServerConfig Config(string text)
    {
        var result = Parse(text);
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.Empty);
        return result.Config!;
    }

    private static string Format(string text, string space, string name)
    {
        Assert.That(Config(text).OptionSpaces.TryGet(space, name, out var d), Is.True);
        return d!.Format.IscFormat;
    }

    [TestCase("boolean", "f")]
    [TestCase("unsigned integer 8", "B")]
    [TestCase("unsigned integer 16", "S")]
    [TestCase("unsigned integer 32", "L")]
    [TestCase("signed integer 8", "b")]
    [TestCase("signed integer 16", "s")]
    [TestCase("integer 32", "l")]
    [TestCase("ip-address", "I")]
    [TestCase("ip6-address", "6")]
    [TestCase("text", "t")]
    [TestCase("string", "X")]
    [TestCase("domain-name", "d")]
    [TestCase("domain-list", "D")]
    [TestCase("domain-list compressed", "Dc")]
    [TestCase("zerolen", "Z")]
    [TestCase("encapsulate ipxe", "Eipxe.")]
    [TestCase("array of ip-address", "IA")]
    [TestCase("array of unsigned integer 16", "SA")]
    [TestCase("{ boolean, integer 32, text }", "flt")]
    [TestCase("array of { ip-address, ip-address, ip-address, integer 8 }", "IIIbA")]
    [TestCase("{ ip-address, array of ip-address }", "IIa")]
    [TestCase("{ unsigned integer 8, encapsulate ipxe }", "BEipxe.")]
    public void EachTypeFormIsReadAsIscReadsIt(string type, string iscFormat)
    {
        string text = $"option space ipxe;\noption ipxe.x code 200 = {type};\n";
        Assert.That(Format(text, "ipxe", "x"), Is.EqualTo(iscFormat));
    }

    [Test]
    public void AnOptionSpaceTakesItsWidthsInAnyOrder()
    {
        var config = Config("option space docsis hash size 17 length width 2 code width 2;\noption space v4;\n");
        Assert.That(config.OptionSpaces.TryGetSpace("docsis", out var docsis), Is.True);
        Assert.That((docsis!.CodeWidth, docsis.LengthWidth, docsis.HashSize), Is.EqualTo((2, 2, 17)));
        Assert.That(config.OptionSpaces.TryGetSpace("v4", out var v4), Is.True);
        Assert.That((v4!.CodeWidth, v4.LengthWidth), Is.EqualTo((1, 1)));
    }

    [Test]
    public void ADefinitionInADeclaredSpaceAndADottedDhcpNameAreAccepted()
    {
        var config = Config("""
            option space ipxe;
            option ipxe-encap-opts code 175 = encapsulate ipxe;
            option ipxe.no-pxedhcp code 176 = unsigned integer 8;
            option ipxe.no-pxedhcp 1;
            option dhcp.routers 198.18.0.1;
            option agent.circuit-id "port-1";
            """);
        // 176 belongs to ipxe, not to the DHCP space: it is kept apart from the top-level options.
        Assert.That(config.Global.Parameters.Options.Keys, Is.EquivalentTo(new byte[] { 3 }));
        Assert.That(config.Global.Parameters.SpaceOptions.Keys, Is.EquivalentTo(new[] { new SpaceOptionKey("ipxe", 176), new SpaceOptionKey("agent", 1) }));
        Assert.That(config.Global.Parameters.SpaceOptions[new SpaceOptionKey("ipxe", 176)].Value, Is.EqualTo(new byte[] { 1 }));
    }

    // Each refusal at the token it is about, with ISC's reason in our words (ISC's own message in the comment).
    [TestCase("option ipxe.no-pxedhcp code 176 = unsigned integer 8;", "dhcpd.conf:1:8: no option space named 'ipxe'")] // no option space named ipxe.
    [TestCase("option ipxe.no-pxedhcp 1;", "dhcpd.conf:1:8: no option space named 'ipxe'")]
    [TestCase("option space ipxe;\noption ipxe.no-pxedhcp 1;", "dhcpd.conf:2:8: unknown option 'ipxe.no-pxedhcp'")]
    [TestCase("option foo code 201 = { text, ip-address };", "dhcpd.conf:1:25: option foo: text must be at the end of the record")] // text must be at end of record.
    [TestCase("option foo code 201 = array of text;", "dhcpd.conf:1:32: option foo: arrays of text or string are not supported")] // arrays of text strings not yet supported.
    [TestCase("option foo code 201 = array of { ip-address, array of ip-address };", "dhcpd.conf:1:46: option foo: arrays of arrays are not supported")] // no nested arrays.
    [TestCase("option foo code 201 = { encapsulate agent, ip-address };", "dhcpd.conf:1:25: option foo: encapsulate must be the last item")]
    [TestCase("option foo code 201 = array of encapsulate agent;", "dhcpd.conf:1:32: option foo: arrays of encapsulations are not supported")] // Arrays of encapsulations don't make sense.
    [TestCase("option foo code 201 = encapsulate nosuch;", "dhcpd.conf:1:35: option foo: no option space named 'nosuch'")] // unknown option space nosuch
    [TestCase("option foo code 201 = unsigned integer 12;", "dhcpd.conf:1:40: option foo: integer width must be 8, 16 or 32, not 12")] // 12 bit precision is not supported.
    [TestCase("option foo code 201 = zerolen, text;", "dhcpd.conf:1:30: option foo: expected end of statement, found ','")]
    [TestCase("option foo code 300 = text;", "dhcpd.conf:1:17: option foo: code 300 is outside 1-254")]
    [TestCase("option space w code width 2;\noption w.x code 70000 = text;", "dhcpd.conf:2:17: option w.x: code 70000 is outside 1-65535")]
    [TestCase("option space foo length width 0;", "dhcpd.conf:1:31: option space foo: length width must be 1 or 2, not 0")] // invalid length width (0) expecting 1 or 2.
    [TestCase("option space foo code width 3;", "dhcpd.conf:1:29: option space foo: code width must be 1, 2 or 4, not 3")] // invalid code width (3), expecting a 1, 2 or 4.
    [TestCase("option space agent;", "dhcpd.conf:1:14: option space agent: a built-in option space cannot be declared again")]
    [TestCase("subnet 198.18.0.0 netmask 255.255.255.0 { option space foo; }", "dhcpd.conf:1:43: option space declarations are only allowed at global scope")] // option space definitions may not be scoped.
    [TestCase("subnet 198.18.0.0 netmask 255.255.255.0 { option foo code 200 = text; }", "dhcpd.conf:1:43: option definitions are only allowed at global scope")] // option definitions may not be scoped.
    [TestCase("vendor-option-space PXE;", "dhcpd.conf:1:21: no option space named 'PXE'")]
    [TestCase("option space PXE;\nvendor-option-space \"PXE\";", "dhcpd.conf:2:21: vendor-option-space: expected a name, found \"PXE\"")] // expecting identifier.
    [TestCase("option space local;\nsite-option-space local;", "dhcpd.conf:2:19: site-option-space: expected a quoted option space name, found 'local'")] // expecting string or hexadecimal data.
    public void RefusalsNameTheirToken(string text, string message)
    {
        Assert.That(Messages(text), Is.EqualTo(new[] { message }));
    }

    private const string Defs = """
        option space ipxe;
        option ipxe.no-pxedhcp code 176 = unsigned integer 8;
        option ipxe.bus-id code 177 = string;
        option rec code 200 = { ip-address, array of unsigned integer 16 };
        option host code 202 = domain-name;
        option nothing code 204 = zerolen;
        option v6s code 206 = array of ip6-address;

        """;

    // Values: each refusal at its token (line 8 is the value line), or at the ';' when a value is missing.
    [TestCase("option ipxe.no-pxedhcp 300;", "dhcpd.conf:8:24: option ipxe.no-pxedhcp: '300' is not an integer from 0 to 255")]
    [TestCase("option ipxe.no-pxedhcp 09;", "dhcpd.conf:8:24: option ipxe.no-pxedhcp: '09' is not an integer from 0 to 255")]
    [TestCase("option ipxe.no-pxedhcp;", "dhcpd.conf:8:23: option ipxe.no-pxedhcp: missing value")]
    [TestCase("option rec 198.18.0.1;", "dhcpd.conf:8:22: option rec: missing value")]
    [TestCase("option rec 198.18.0.1 1,;", "dhcpd.conf:8:25: option rec: missing value")]
    [TestCase("option rec 1 198.18.0.1;", "dhcpd.conf:8:12: option rec: '1' is not an IPv4 address or a host name")]
    [TestCase("option v6s ::1 fe80::2;", "dhcpd.conf:8:16: option v6s: unexpected 'fe80::2'")]
    [TestCase("option v6s 198.18.0.1;", "dhcpd.conf:8:12: option v6s: '198.18.0.1' is not an IPv6 address")]
    [TestCase("option host \"www.example.org\";", "dhcpd.conf:8:13: option host: \"www.example.org\" is not a domain name")]
    [TestCase("option nothing 1;", "dhcpd.conf:8:16: option nothing: takes no value")]
    [TestCase("option ipxe.bus-id zz:01;", "dhcpd.conf:8:20: option ipxe.bus-id: 'zz:01' is neither colon-separated hex nor a quoted string")]
    [TestCase("option fqdn.fqdn \"a.example.org\";", "dhcpd.conf:8:1: option fqdn.fqdn: setting options of the fqdn space is not supported")]
    public void ValueRefusalsNameTheirToken(string line, string message)
    {
        Assert.That(Messages(Defs + line + "\n"), Is.EqualTo(new[] { message }));
    }

    [Test]
    public void ASubOptionLongerThanItsLengthWidthHoldsIsRefused()
    {
        string value = string.Join(":", Enumerable.Repeat("ab", 256));
        Assert.That(Messages(Defs + $"option ipxe.bus-id {value};\n"),
            Is.EqualTo(new[] { "dhcpd.conf:8:20: option ipxe.bus-id: value is 256 bytes; an option of space ipxe holds at most 255" }));
    }

    [TestCase("option rec 198.18.0.1 1, 2, 0x10, 010;", 200, "c6:12:00:01:00:01:00:02:00:10:00:08")]
    [TestCase("option host www.example.org.;", 202, "03:77:77:77:07:65:78:61:6d:70:6c:65:03:6f:72:67:00")]
    [TestCase("option domain-search \"a.example.org\", \"b.example.org\", \"example.org\";", 119, "01:61:07:65:78:61:6d:70:6c:65:03:6f:72:67:00:01:62:c0:02:c0:02")]
    [TestCase("option nothing;", 204, "")]
    public void ValuesAreEncodedAsIscEncodesThem(string line, int code, string hex)
    {
        var config = Config(Defs + line + "\n");
        Assert.That(OptionValueCodec.ToColonHex(config.Global.Parameters.Options[(byte)code].AsSpan()), Is.EqualTo(hex));
    }

    [Test]
    public void AnUnknownSpaceInAnExpressionIsRefusedWhereItIsWritten()
    {
        Assert.That(Messages("class \"c\" {\n  match if exists ipxe.bus-id;\n}\n"), Is.EqualTo(new[] { "dhcpd.conf:2:19: no option space named 'ipxe'" }));
    }

    [Test]
    public void ADottedDhcpNameResolvesInAnExpression()
    {
        var config = Config("class \"c\" {\n  match if exists dhcp.user-class;\n}\n");
        Assert.That(config.Classes.Single().Match, Is.EqualTo(new ExistsExpression(77, "dhcp.user-class")));
    }

    [TestCase("option foo code 201 = { boolean, text", "dhcpd.conf:1:34: option: missing ';' at end of file")]
    [TestCase("option foo code 201 = { boolean; }\noption domain-name \"x\";", "dhcpd.conf:1:32: option foo: expected '}', found ';' | dhcpd.conf:1:34: unexpected '}'")]
    [TestCase("option foo code 201 = { }; option domain-name \"x\";", "dhcpd.conf:1:25: option foo: expected an option type, found '}'")]
    [TestCase("option foo code 201 = { { boolean } };", "dhcpd.conf:1:1: 'option' does not take a { … } block | dhcpd.conf:1:37: unexpected '}' | dhcpd.conf:1:38: unexpected ';'")]
    public void BrokenRecordTypesAreReportedNotThrown(string text, string expected)
    {
        Assert.That(string.Join(" | ", Messages(text)), Is.EqualTo(expected));
    }

    [Test]
    public void ARecordTypeOnSeveralLinesIsOneStatement()
    {
        string text = "option new-static-routes code 201 = array of {\n     ip-address, ip-address, ip-address, integer 8 };\noption domain-name \"x\";\n";
        Assert.That(Format(text, "dhcp", "new-static-routes"), Is.EqualTo("IIIbA"));
    }
}
