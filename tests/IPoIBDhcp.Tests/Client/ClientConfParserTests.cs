using IPoIBDhcp.Client.Config;
using IPoIBDhcp.Identity;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Tests.Client;

public class ClientConfParserTests
{
    [Test]
    public void ConnectXSeedExampleSendsTheFlexBootIdentifierByteForByte()
    {
        var config = ClientConfParser.Load(RepoFiles.ConfExample("dhclient-connectx.conf"));
        var id = config.For("ib1").ClientIdentifier;
        Assert.That(id, Is.Not.Null);
        // ff = RFC 4361 type; 00:00:00:00 = IAID 0; 00:02 = DUID-EN; 00:00:02:c9 = Mellanox enterprise;
        // 00 = FlexBoot's pad octet; 00:02:c9:03:00:00:10:39 = port GUID 0002:c903:0000:1039.
        Assert.That(id!.Value.Span.ToArray(), Is.EqualTo(new byte[]
        {
            0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x02, 0xc9, 0x00,
            0x00, 0x02, 0xc9, 0x03, 0x00, 0x00, 0x10, 0x39,
        }));
        Assert.That(id.Value.Kind, Is.EqualTo(ClientIdentifierKind.FlexBootConnectX));
        // The top level of the file has no identifier: another interface sends none from the file.
        Assert.That(config.For("ib0").ClientIdentifier, Is.Null);
    }

    [Test]
    public void InfiniHostSeedExampleSendsTypeTwentyAndTheWholeIPoIBAddress()
    {
        var config = ClientConfParser.Load(RepoFiles.ConfExample("dhclient-infinihost.conf"));
        var id = config.For("ib1").ClientIdentifier!.Value;
        // 20 = type InfiniBand; 00 = flags; 55:04:01 = QPN; fe80::2:c902:23:1392 = the port GID.
        Assert.That(id.Span.ToArray(), Is.EqualTo(new byte[]
        {
            0x20, 0x00, 0x55, 0x04, 0x01, 0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xc9,
            0x02, 0x00, 0x23, 0x13, 0x92,
        }));
        Assert.That(id.Length, Is.EqualTo(21));
    }

    [Test]
    public void DebianDefaultParsesAndDropsDhcpv6NamesFromTheRequestList()
    {
        var config = ClientConfParser.Load(RepoFiles.ConfExample("dhclient.conf"));
        var global = config.Global;
        // subnet-mask 1, broadcast-address 28, time-offset 2, routers 3, domain-name 15, domain-name-servers 6,
        // domain-search 119, host-name 12, (dhcp6.* left out), netbios-name-servers 44, netbios-scope 47,
        // interface-mtu 26, rfc3442-classless-static-routes 121, ntp-servers 42.
        Assert.That(global.Request.ToArray(), Is.EqualTo(new byte[] { 1, 28, 2, 3, 15, 6, 119, 12, 44, 47, 26, 121, 42 }));
        Assert.That(global.Send, Has.Length.EqualTo(1));
        Assert.That(global.Send[0].Code, Is.EqualTo(12));
        Assert.That(global.Send[0].FromHostName, Is.True);
        Assert.That(config.Options[121]!.Name, Is.EqualTo("rfc3442-classless-static-routes"));
        Assert.That(config.Options[121]!.IsArray, Is.True);

        var ib1 = config.For("ib1");
        Assert.That(ib1.Request.ToArray(), Is.EqualTo(new byte[] { 1, 28, 2, 3, 15, 6, 119, 12, 44, 47, 26, 121, 42, 17 }));
        Assert.That(ib1.Timeout, Is.EqualTo(30));
        Assert.That(ib1.Send.Select(s => s.Code), Is.EqualTo(new byte[] { 12, 61 }));
        var fallback = config.FallbacksFor("ib1").Single();
        Assert.That(fallback.Address, Is.EqualTo(IPv4Address.Parse("198.18.0.100")));
        Assert.That(fallback.IsStatic, Is.True);
        Assert.That(fallback.Expiry, Is.EqualTo(new DateTimeOffset(2037, 1, 13, 0, 0, 1, TimeSpan.Zero)));
        Assert.That(fallback.Options[3], Is.EqualTo(new byte[] { 198, 18, 0, 1 }));
    }

    [Test]
    public void EveryShippedExampleParses()
    {
        var files = Directory.GetFiles(Path.Combine(RepoFiles.Root, "conf-examples"), "dhclient*.conf");
        Assert.That(files, Has.Length.GreaterThanOrEqualTo(3));
        foreach (var file in files)
        {
            bool ok = ClientConfParser.TryParse(File.ReadAllText(file), file, out _, out var errors);
            Assert.That(ok, Is.True, $"{file}: {string.Join("; ", errors)}");
        }
    }

    [Test]
    public void TimingStatementsAndScriptAreRead()
    {
        var c = ClientConfParser.Parse("""
            timeout 20; retry 45; select-timeout 2; reboot 7; backoff-cutoff 15; initial-interval 3;
            script "/usr/local/sbin/my-script";
            send host-name "node17";
            send dhcp-lease-time 3600;
            require subnet-mask, routers;
            also require domain-name-servers;
            """, "t.conf").Global;
        Assert.That((c.Timeout, c.Retry, c.SelectTimeout, c.Reboot, c.BackoffCutoff, c.InitialInterval),
            Is.EqualTo((20, 45, 2, 7, 15, 3)));
        Assert.That(c.Script, Is.EqualTo("/usr/local/sbin/my-script"));
        Assert.That(c.Send[0].Value.ToArray(), Is.EqualTo("node17"u8.ToArray()));
        Assert.That(c.Send[1].Value.ToArray(), Is.EqualTo(new byte[] { 0, 0, 0x0e, 0x10 }));
        Assert.That(c.Require.ToArray(), Is.EqualTo(new byte[] { 1, 3, 6 }));
    }

    [Test]
    public void InterfaceBlockStartsFromTheTopLevelAsItStoodThen()
    {
        var config = ClientConfParser.Parse("""
            timeout 20;
            interface "ib0" { retry 10; }
            timeout 90;
            """, "t.conf");
        Assert.That(config.For("ib0").Timeout, Is.EqualTo(20));
        Assert.That(config.For("ib0").Retry, Is.EqualTo(10));
        Assert.That(config.Global.Timeout, Is.EqualTo(90));
    }

    [Test]
    public void SiteOptionDeclarationIsUsableInSendAndRequest()
    {
        var config = ClientConfParser.Parse("""
            option site-boot-mode code 224 = unsigned integer 16;
            option site-servers code 225 = array of ip-address;
            send site-boot-mode 513;
            request subnet-mask, site-servers;
            """, "t.conf");
        Assert.That(config.Global.Send[0].Code, Is.EqualTo(224));
        Assert.That(config.Global.Send[0].Value.ToArray(), Is.EqualTo(new byte[] { 2, 1 }));
        Assert.That(config.Global.Request.ToArray(), Is.EqualTo(new byte[] { 1, 225 }));
    }

    [TestCase("supersede domain-name \"x\";", "bad.conf:1:1: 'supersede' is not supported by this dhclient; remove it (unsupported statements are refused, never ignored)")]
    [TestCase("timeout sixty;", "bad.conf:1:9: expected a number of seconds after 'timeout', found 'sixty'")]
    [TestCase("timeout 60", "bad.conf:1:11: expected ';' after timeout, found end of file")]
    [TestCase("request subnet-mask, bogus-option;", "bad.conf:1:22: unknown option 'bogus-option' in request")]
    [TestCase("send dhcp-client-identifier zz:01;", "bad.conf:1:29: option dhcp-client-identifier: 'zz:01' is neither colon-separated hex nor a quoted string")]
    [TestCase("interface \"ib1\" {\n  send dhcp-client-identifier = hardware;\n}", "bad.conf:2:33: 'hardware(…)' is not supported after '='; only gethostname() and constant values are")]
    [TestCase("interface \"ib1\" {\n  timeout 5;\n", "bad.conf:1:17: '{' of interface \"ib1\" is never closed by '}'")]
    [TestCase("option foo code 300 = text;", "bad.conf:1:17: option code must be from 1 to 254")]
    [TestCase("option foo code 200 = { ip-address, text };", "bad.conf:1:23: record option types ({ … }) are not supported; declare the option as 'string'")]
    [TestCase("send dhcp6.fqdn \"x\";", "bad.conf:1:6: 'dhcp6.fqdn' is a DHCPv6 option; this DHCPv4 client cannot send it")]
    [TestCase("lease {\n  interface \"ib1\";\n  renew 2 2024/13/01 00:00:00;\n  fixed-address 10.0.0.1;\n}", "bad.conf:3:11: '2024/13/01 00:00:00' is not a date (expected YYYY/MM/DD HH:MM:SS in UTC)")]
    [TestCase("lease { interface \"ib1\"; }", "bad.conf:1:1: lease has no fixed-address")]
    [TestCase("frobnicate;", "bad.conf:1:1: unknown statement 'frobnicate'")]
    [TestCase("}", "bad.conf:1:1: unexpected '}'")]
    [TestCase("script \"/sbin/x;", "bad.conf:1:8: string is never closed by '\"'")]
    public void BadInputIsRefusedWithFileLineColumn(string text, string expected)
    {
        var ex = Assert.Throws<ConfException>(() => ClientConfParser.Parse(text, "bad.conf"));
        Assert.That(ex!.Errors[0].ToString(), Is.EqualTo(expected));
    }

    [Test]
    public void EveryErrorInAFileIsReportedAndParsingGoesOnAfterEach()
    {
        const string text = "timeout x;\ninterface \"ib1\" {\n  retry y;\n  send host-name \"ok\";\n}\nmedia \"a\";\nreboot 5;\n";
        bool ok = ClientConfParser.TryParse(text, "multi.conf", out var config, out var errors);
        Assert.That(ok, Is.False);
        Assert.That(errors.Select(e => e.ToString()), Is.EqualTo(new[]
        {
            "multi.conf:1:9: expected a number of seconds after 'timeout', found 'x'",
            "multi.conf:3:9: expected a number of seconds after 'retry', found 'y'",
            "multi.conf:6:1: 'media' is not supported by this dhclient; remove it (unsupported statements are refused, never ignored)",
        }));
        Assert.That(config.Global.Reboot, Is.EqualTo(5));
        Assert.That(config.For("ib1").Send[0].Value.ToArray(), Is.EqualTo("ok"u8.ToArray()));
    }
}
