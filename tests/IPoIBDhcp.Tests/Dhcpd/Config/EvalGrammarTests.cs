using System.Text;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Tests.Dhcpd.Config;

/// <summary>
/// Each dhcp-eval form: that it parses, what it evaluates to for a request, and what a bad one is told. Values marked
/// "ISC" were observed from ISC dhcpd 4.4.3-P1 (IscWireCheck/README.md); the others follow ISC 4.4's common/tree.c.
/// </summary>
public class EvalGrammarTests
{
    private const string Header = "option client-architecture code 93 = unsigned integer 16;\n";

    /// <summary>The data expression of <c>default root-path = EXPR;</c> at global scope (a default always runs per request).</summary>
    private static DataExpression Data(string expression)
    {
        var result = DhcpdConfigParser.ParseText($"{Header}default root-path = {expression};\n", "dhcpd.conf");
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.Empty);
        return result.Config!.Global.Parameters.OptionStatements.Single().Value;
    }

    /// <summary>The diagnostics of <c>option root-path = EXPR;</c> (the expression starts at line 2, column 20).</summary>
    private static string[] Errors(string statement) =>
        [.. DhcpdConfigParser.ParseText($"{Header}{statement}\n", "dhcpd.conf").Diagnostics.Select(d => d.ToString())];

    /// <summary>The DISCOVER of IscWireCheck/client.py (Ethernet 02:aa:bb:cc:dd:01), with options, as an evaluation context.</summary>
    private static EvaluationContext Request(IPv4Address? leased = null, params (byte, byte[])[] options)
    {
        var m = new DhcpMessage();
        m.Read(EvalReplyTests.Discover(options));
        return new EvaluationContext(m) { LeasedAddress = leased, HostDeclarationName = "node7", IsKnown = true };
    }

    private static string? Text(DataExpression e, IOptionSource request) =>
        e.Evaluate(request) is { } v ? Encoding.Latin1.GetString(v.Span) : null;

    private static string? Hex(DataExpression e, IOptionSource request) =>
        e.Evaluate(request) is { } v ? Convert.ToHexString(v.Span) : null;

    [TestCase("binary-to-ascii(16, 8, \":\", hardware)", "1:2:aa:bb:cc:dd:1")] // ISC
    [TestCase("binary-to-ascii(10, 16, \".\", packet(0, 4))", "257.1536")] // ISC
    [TestCase("binary-to-ascii(2, 8, \"\", substring(hardware, 1, 1))", "10")] // ISC
    [TestCase("binary-to-ascii(10, 8, \".\", leased-address)", "198.18.0.10")]
    [TestCase("binary-to-ascii(8, 32, \"-\", 00:00:01:00:ff:ff:ff:ff)", "400-37777777777")]
    [TestCase("binary-to-ascii(10, 12, \".\", leased-address)", null)] // width must be 8, 16 or 32
    [TestCase("binary-to-ascii(10, 16, \".\", 01:02:03)", null)] // not a whole number of values
    [TestCase("concat(\"n-\", binary-to-ascii(10, 8, \"-\", leased-address))", "n-198-18-0-10")] // ISC (its address)
    [TestCase("concat(\"a\", \"b\", \"c\", \"d\")", "abcd")]
    [TestCase("concat(\"a\", option user-class, \"c\")", null)]
    [TestCase("ucase(concat(lcase(\"AbC\"), suffix(\"xyz\", 2), pick-first-value(option user-class, \"pfv\")))", "ABCYZPFV")] // ISC
    [TestCase("pick-first-value(option user-class, option host-name)", null)]
    [TestCase("pick-first-value(null, \"\", \"x\")", "")]
    [TestCase("substring(\"abcdef\", 2, 3)", "cde")]
    [TestCase("substring(\"abcdef\", 9, 3)", "")]
    [TestCase("substring(\"abcdef\", 4, 9)", "ef")]
    [TestCase("substring(\"abcdef\", 1 + 1, 2 * 2)", "cdef")]
    [TestCase("suffix(\"abcdef\", 9)", "abcdef")]
    [TestCase("host-decl-name", "node7")]
    [TestCase("null", null)]
    [TestCase("option user-class", null)]
    [TestCase("config-option root-path", null)]
    [TestCase("filename", null)] // the request's file field is empty
    [TestCase("server-name", null)]
    [TestCase("(\"in parentheses\")", "in parentheses")]
    public void DataText(string expression, string? expected) =>
        Assert.That(Text(Data(expression), Request(IPv4Address.Parse("198.18.0.10"))), Is.EqualTo(expected));

    [TestCase("encode-int(258, 16)", "0102")] // ISC
    [TestCase("encode-int(258, 8)", "02")]
    [TestCase("encode-int(4294967297, 32)", "00000001")]
    [TestCase("reverse(1, leased-address)", "0A0012C6")] // ISC
    [TestCase("reverse(2, 01:02:03:04:05:06)", "050603040102")]
    [TestCase("reverse(4, 01:02:03)", null)]
    [TestCase("reverse(0, 01:02)", null)]
    [TestCase("leased-address", "C612000A")]
    [TestCase("hardware", "0102AABBCCDD01")]
    [TestCase("packet(0, 4)", "01010600")]
    [TestCase("packet(10000, 4)", null)]
    [TestCase("encode-int(extract-int(option client-architecture, 16) * 3 + 1, 8)", "1C")] // ISC: + binds tighter than *
    [TestCase("encode-int(extract-int(option client-architecture, 8), 8)", "00")]
    [TestCase("encode-int(extract-int(option client-architecture, 32), 8)", null)] // two bytes cannot give 32 bits
    [TestCase("encode-int(100 / 0, 8)", null)]
    [TestCase("encode-int(lease-time, 32)", null)]
    [TestCase("00:07", "0007")]
    [TestCase("\"\\x41\\102\"", "4142")]
    public void DataBytes(string expression, string? expected) =>
        Assert.That(Hex(Data(expression), Request(IPv4Address.Parse("198.18.0.10"), (93, [0x00, 0x07]))), Is.EqualTo(expected));

    // ISC 4.4.3's answers for encode-int(EXPR, 8) (IscWireCheck/README.md).
    [TestCase("2 + 3 * 4", 20)]
    [TestCase("2 * 3 + 4", 14)]
    [TestCase("100 / 10 / 5", 2)]
    [TestCase("6 & 3 | 8", 10)]
    [TestCase("1 | 2 ^ 3", 0)]
    [TestCase("7 % 4 * 2", 6)]
    [TestCase("(2 * 3) + 4", 10)]
    [TestCase("2 * 7 % 4", 2)]
    [TestCase("6 & 3 * 2", 4)]
    [TestCase("2 * 3 & 6", 4)]
    [TestCase("3 ^ 1 & 2", 2)]
    [TestCase("12 / 2 * 3", 18)]
    [TestCase("2 + 5 & 4", 6)]
    [TestCase("5 & 4 + 2", 6)]
    [TestCase("8 / 2 + 2", 2)]
    [TestCase("9 % 2 + 3", 4)]
    [TestCase("5 | 2 * 2", 14)]
    public void ArithmeticAsIsc(string expression, int expected) =>
        Assert.That(Hex(Data($"encode-int({expression}, 8)"), TestOptionSource.Empty), Is.EqualTo(expected.ToString("X2")));

    [Test]
    public void GetHostNameIsTheMachines() =>
        Assert.That(Text(Data("gethostname()"), TestOptionSource.Empty), Is.EqualTo(System.Net.Dns.GetHostName()));

    [Test]
    public void BootFieldsReadTheRequest()
    {
        var bytes = EvalReplyTests.Discover();
        Encoding.ASCII.GetBytes("boot.efi").CopyTo(bytes, BootpFieldLocations.File);
        Encoding.ASCII.GetBytes("tftp1").CopyTo(bytes, BootpFieldLocations.SName);
        var m = new DhcpMessage();
        m.Read(bytes);
        var context = new EvaluationContext(m);
        Assert.That(Text(Data("filename"), context), Is.EqualTo("boot.efi"));
        Assert.That(Text(Data("server-name"), context), Is.EqualTo("tftp1"));
    }

    /// <summary>The condition of <c>match if COND;</c> for a request with the given options.</summary>
    private static bool Matches(string condition, params (byte, byte[])[] options)
    {
        var result = DhcpdConfigParser.ParseText($"{Header}class \"c\" {{ match if {condition}; }}\n", "dhcpd.conf");
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.Empty);
        return result.Config!.Classes.Single().Matches(Request(null, options));
    }

    private static readonly (byte, byte[]) Ipxe = (77, "iPXE"u8.ToArray());
    private static readonly (byte, byte[]) LowerIpxe = (77, "ipxe"u8.ToArray());
    private static readonly (byte, byte[]) Efi64 = (93, [0x00, 0x07]);

    [TestCase("option user-class ~= \"^iP.E$\"", true)]
    [TestCase("option user-class ~= \"^ip.e$\"", false)]
    [TestCase("option user-class ~~ \"^ip.e$\"", true)]
    [TestCase("option user-class ~= \"PX\"", true)] // a match anywhere, as regexec
    [TestCase("not (option host-name ~= \"x\")", false)] // null side: undefined, and not keeps it so
    [TestCase("option user-class ~= concat(\"^i\", \"P\")", true)] // a computed pattern
    [TestCase("extract-int(option client-architecture, 16) = 7", true)]
    [TestCase("extract-int(option client-architecture, 16) != 7", false)]
    [TestCase("extract-int(option host-name, 16) = 7", false)] // ISC: null = 7 is false
    [TestCase("extract-int(option host-name, 16) != 7", true)]
    [TestCase("option client-architecture = 00:07", true)]
    [TestCase("option client-architecture = 0:7", true)]
    [TestCase("option host-name = null", true)]
    [TestCase("null = null", true)]
    [TestCase("option host-name != null", false)]
    [TestCase("static", false)]
    [TestCase("known", true)]
    [TestCase("exists user-class and (option user-class = \"iPXE\")", true)]
    [TestCase("(option user-class) = \"iPXE\"", true)]
    // ISC's "and" is undefined once its left side is false, and "not" keeps undefined (ISC: "nand-false").
    [TestCase("not (exists host-name and exists user-class)", false)]
    [TestCase("not (exists user-class and exists host-name)", true)]
    [TestCase("exists host-name or option user-class = \"iPXE\"", true)]
    public void Conditions(string condition, bool expected) =>
        Assert.That(Matches(condition, Ipxe, Efi64), Is.EqualTo(expected));

    [Test]
    public void CaseInsensitiveMatchIgnoresCaseOfTheDataToo() =>
        Assert.That(Matches("option user-class ~~ \"^IPXE$\"", LowerIpxe), Is.True);

    [TestCase("option root-path = encode-int(1, 12);", "dhcpd.conf:2:34: option root-path: expected 8, 16 or 32, found '12'")]
    [TestCase("option root-path = concat(\"a\");", "dhcpd.conf:2:30: option root-path: expected ',', found ')'")]
    [TestCase("option root-path = substring(\"a\", 0);", "dhcpd.conf:2:36: option root-path: expected ',', found ')'")]
    [TestCase("option root-path = ;", "dhcpd.conf:2:20: option root-path: expected a data expression, found ';'")]
    [TestCase("option root-path = 10 - 3;", "dhcpd.conf:2:23: option root-path: expected end of statement, found '-'")]
    [TestCase("option root-path = option no-such;", "dhcpd.conf:2:27: unknown option 'no-such'")]
    [TestCase("option root-path = ns-update(\"a\");", "dhcpd.conf:2:20: option root-path: 'ns-update' is not supported: this server does no dynamic DNS updates")]
    // A bare number where data is expected is colon-hex data (0x05), as ISC's parser reads it.
    [TestCase("option root-path = lcase(5 * 2);", "dhcpd.conf:2:28: option root-path: expected ')', found '*'")]
    [TestCase("if option user-class ~= \"(\" { }", "dhcpd.conf:2:1: regular expression \"(\" does not compile: Invalid pattern '(' at offset 1. Not enough )'s.")]
    [TestCase("supersede no-such \"x\";", "dhcpd.conf:2:11: unknown option 'no-such'")]
    [TestCase("default root-path = ;", "dhcpd.conf:2:21: option root-path: expected a data expression, found ';'")]
    [TestCase("filename = concat(\"a\";", "dhcpd.conf:2:22: filename: expected ',', found ';'")]
    [TestCase("spawn with option user-class;", "dhcpd.conf:2:1: 'spawn' is not allowed at global scope; only in a class")]
    [TestCase("match option user-class;", "dhcpd.conf:2:1: 'match' is not allowed at global scope; only in a class")]
    [TestCase("class \"a\" { match option user-class; spawn with option host-name; }", "dhcpd.conf:2:38: spawn with: the class already has a 'match' or 'spawn with' expression")]
    [TestCase("class \"a\" { spawn option user-class; }", "dhcpd.conf:2:19: spawn: expected 'with', found 'option'")]
    [TestCase("class \"a\" { match if known; }\nsubclass \"a\" \"x\";", "dhcpd.conf:3:1: subclass \"a\": the class has no 'match' or 'spawn with' expression to compare the value with")]
    [TestCase("class \"a\" { match option user-class; }\nsubclass \"a\" option host-name;", "dhcpd.conf:3:1: subclass \"a\": the value must be a string or colon-separated hex bytes")]
    [TestCase("class \"a\" { match option user-class; }\nsubclass \"a\" \"x\";\nsubclass \"a\" 78;", "dhcpd.conf:4:1: subclass \"a\" 78: declared twice (first at dhcpd.conf:3:1)")]
    public void BadStatementsArePositioned(string statement, string message) =>
        Assert.That(Errors(statement), Is.EqualTo(new[] { message }));

    [Test]
    public void AHundredThousandArithmeticOperatorsAreRefusedAtTheFirstPastTheLimit()
    {
        const string prefix = "option root-path = encode-int(";
        string text = prefix + string.Concat(Enumerable.Repeat("1 + ", 100_000)) + "1, 32);";
        int column = prefix.Length + "1 + ".Length * ConfigLimits.MaxExpressionOperators + "1 ".Length + 1;
        Assert.That(Errors(text), Is.EqualTo(new[] { $"dhcpd.conf:2:{column}: option root-path: expression has more than {ConfigLimits.MaxExpressionOperators} arithmetic operators" }));
    }

    [Test]
    public void AnArithmeticChainUpToTheLimitIsEvaluated()
    {
        var e = Data("encode-int(" + string.Concat(Enumerable.Repeat("1 + ", ConfigLimits.MaxExpressionOperators)) + "1, 32)");
        Assert.That(Hex(e, TestOptionSource.Empty), Is.EqualTo((ConfigLimits.MaxExpressionOperators + 1).ToString("X8")));
    }
}
