using IPoIBDhcp.Server.Config;

namespace IPoIBDhcp.Tests.Dhcpd.Config;

/// <summary>
/// DNS-update and OMAPI statements: read with ISC's syntax, then said once as a warning (a note: the file is still valid).
/// The accepted forms were checked against ISC dhcpd 4.4.3 (<c>dhcpd -t -cf</c>), which accepts each of them too;
/// where ISC refuses (<c>ddns-update-style ad-hoc</c>, an undeclared key), so does this server.
/// </summary>
public class NoEffectYetTests
{
    private const string Subnet = "subnet 198.18.0.0 netmask 255.255.255.0 { range 198.18.0.10 198.18.0.20; }\n";

    private static DhcpdParseResult Parse(string text) => DhcpdConfigParser.ParseText(text + Subnet, "d.conf");

    [Test]
    public void EveryStatementIsAccepted_AndSaidOnceOnOneLine_WithTheFirstPositionOfEach()
    {
        var result = Parse(
            "ddns-update-style interim;\n" +
            "ddns-updates on;\n" +
            "ddns-domainname \"example.org\";\n" +
            "ddns-rev-domainname \"in-addr.arpa.\";\n" +
            "ddns-hostname \"node\";\n" +
            "ddns-ttl 300;\n" +
            "ddns-local-address4 198.18.0.1;\n" +
            "ddns-local-address6 2001:db8::1;\n" +
            "update-static-leases on;\n" +
            "update-optimization off;\n" +
            "update-conflict-detection false;\n" +
            "do-forward-updates true;\n" +
            "ignore client-updates;\n" +
            "key DHCP_UPDATER { algorithm HMAC-MD5.SIG-ALG.REG.INT; secret pRP5FapFoJ95JEL06sv4PQ==; };\n" +
            "zone example.org. { primary 127.0.0.1; secondary ns2.example.org; key DHCP_UPDATER; }\n" +
            "omapi-port 7911;\n" +
            "omapi-key DHCP_UPDATER;\n" +
            "group { ddns-updates off; host a { ddns-hostname \"a\"; } }\n" +
            "allow client-updates;\n");

        Assert.That(result.Success, Is.True, string.Join("\n", result.Diagnostics));
        Assert.That(result.Diagnostics, Has.Length.EqualTo(1));
        var note = result.Diagnostics[0];
        Assert.That(note.IsNote, Is.True);
        Assert.That(note.ToString(), Is.EqualTo(
            "d.conf:1:1: warning: accepted but with no effect yet (DNS updates and OMAPI are not implemented): " +
            "ddns-update-style (1:1), ddns-updates (2:1), ddns-domainname (3:1), ddns-rev-domainname (4:1), ddns-hostname (5:1), " +
            "ddns-ttl (6:1), ddns-local-address4 (7:1), ddns-local-address6 (8:1), update-static-leases (9:1), update-optimization (10:1), " +
            "update-conflict-detection (11:1), do-forward-updates (12:1), ignore client-updates (13:1), key (14:1), zone (15:1), " +
            "omapi-port (16:1), omapi-key (17:1), allow client-updates (19:1)"));
    }

    [Test]
    public void UpdateStyleNone_HasItsFullEffect_AndIsNotWarnedAbout()
    {
        var result = Parse("ddns-update-style none;\n");
        Assert.That(result.Success, Is.True);
        Assert.That(result.Diagnostics, Is.Empty);
    }

    [TestCase("ddns-update-style ad-hoc;", "d.conf:1:19: ddns-update-style ad-hoc is no longer supported (ISC dhcpd 4.4 refuses it too); use interim, standard or none")]
    [TestCase("ddns-update-style bogus;", "d.conf:1:19: ddns-update-style: unknown value 'bogus' (expected none, interim or standard)")]
    [TestCase("ddns-updates maybe;", "d.conf:1:14: ddns-updates: expected true, false, on or off, found 'maybe'")]
    [TestCase("ddns-ttl soon;", "d.conf:1:10: ddns-ttl: expected a number, found 'soon'")]
    [TestCase("omapi-port 70000;", "d.conf:1:1: omapi-port: 70000 is not a port number (at most 65535)")]
    [TestCase("omapi-key k1;", "d.conf:1:11: omapi-key: unknown key k1 (declare it with 'key k1 { … }' before)")]
    [TestCase("ddns-local-address6 198.18.0.1;", "d.conf:1:21: ddns-local-address6: '198.18.0.1' is not an IPv6 address")]
    [TestCase("key k1 { algorithm hmac-md5; }", "d.conf:1:1: key k1: no secret given")]
    [TestCase("key k1 { secret \"c2VjcmV0\"; }", "d.conf:1:1: key k1: no algorithm given")]
    [TestCase("key k1 { algorithm hmac-md5; secret \"not base64!\"; }", "d.conf:1:37: key k1: secret is not base64")]
    [TestCase("key k1 { algorithm hmac-md5; secrte x; }", "d.conf:1:30: key k1: unknown statement 'secrte' (expected algorithm or secret)")]
    [TestCase("zone example.org { primary 127.0.0.1; key nokey; }", "d.conf:1:43: zone example.org: key: unknown key nokey (declare it with 'key nokey { … }' before)")]
    [TestCase("zone example.org { primry 127.0.0.1; }", "d.conf:1:20: zone example.org: unknown statement 'primry' (expected primary, secondary, primary6, secondary6 or key)")]
    [TestCase("zone example.org;", "d.conf:1:1: 'zone' needs a { … } block")]
    [TestCase("ddns-hostnme \"x\";", "d.conf:1:1: unknown statement 'ddns-hostnme'")]
    public void Typos_StillFailWithTheirPosition(string statement, string expected)
    {
        var result = Parse(statement + "\n");
        Assert.That(result.Success, Is.False);
        Assert.That(result.Diagnostics.Where(d => !d.IsNote).Select(d => d.ToString()), Is.EqualTo(new[] { expected }));
    }

    [Test]
    public void AStatementInAnIncludedFile_IsNamedWithItsFile()
    {
        var result = DhcpdConfigParser.ParseText("omapi-port 7911;\ninclude \"ddns.conf\";\n" + Subnet, "etc/d.conf",
            path => path.Replace('\\', '/') == "etc/ddns.conf" ? "\n ddns-updates on;\n" : throw new FileNotFoundException(path));
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "etc/d.conf:1:1: warning: accepted but with no effect yet (DNS updates and OMAPI are not implemented): omapi-port (1:1), ddns-updates (etc/ddns.conf:2:2)",
        }));
    }
}
