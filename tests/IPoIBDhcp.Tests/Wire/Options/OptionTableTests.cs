using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Tests.Wire.Options;

public class OptionTableTests
{
    private static DhcpOptionDefinition Def(string name)
    {
        Assert.That(DhcpOptionTable.Standard.TryGet(name, out var d), Is.True, name);
        return d!;
    }

    [Test]
    public void NamesAndCodesAreUniqueAndAgree()
    {
        var all = DhcpOptionTable.Standard.All.ToList();
        Assert.That(all.Select(d => d.Code), Is.Unique);
        Assert.That(all.Select(d => d.Name), Is.Unique);
        foreach (var d in all) Assert.That(DhcpOptionTable.Standard[d.Code], Is.SameAs(d));
        Assert.That(Def("dhcp-client-identifier").Code, Is.EqualTo(61));
        Assert.That(Def("interface-mtu").Code, Is.EqualTo(26));
        Assert.That(Def("root-path").Code, Is.EqualTo(17));
        Assert.That(Def("routers").IsArray, Is.True);
        Assert.That(Def("domain-name-servers").EnvironmentName, Is.EqualTo("domain_name_servers"));
    }

    [TestCase("routers", "198.18.0.1, 198.18.0.2", "c6:12:00:01:c6:12:00:02", "198.18.0.1,198.18.0.2", "198.18.0.1 198.18.0.2")]
    [TestCase("interface-mtu", "2044", "07:fc", "2044", "2044")]
    [TestCase("time-offset", "-3600", "ff:ff:f1:f0", "-3600", "-3600")]
    [TestCase("root-path", "\"198.18.0.1:/srv/root\"", "31:39:38:2e:31:38:2e:30:2e:31:3a:2f:73:72:76:2f:72:6f:6f:74", "\"198.18.0.1:/srv/root\"", "198.18.0.1:/srv/root")]
    [TestCase("dhcp-client-identifier", "ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:00:10:39", "ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:00:10:39", "ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:00:10:39", "ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:00:10:39")]
    [TestCase("vendor-class-identifier", "\"PXEClient\"", "50:58:45:43:6c:69:65:6e:74", "\"PXEClient\"", "PXEClient")]
    [TestCase("ip-forwarding", "off", "00", "false", "false")]
    [TestCase("static-routes", "198.18.1.0 198.18.0.1", "c6:12:01:00:c6:12:00:01", "198.18.1.0 198.18.0.1", "198.18.1.0 198.18.0.1")]
    [TestCase("domain-search", "\"ib.cluster\", \"cluster\"", "02:69:62:07:63:6c:75:73:74:65:72:00:07:63:6c:75:73:74:65:72:00", "\"ib.cluster\",\"cluster\"", "ib.cluster cluster")]
    public void EncodesAndFormatsAsIscDoes(string name, string text, string wire, string leaseForm, string envForm)
    {
        var d = Def(name);
        Assert.That(OptionValueCodec.TryEncode(d, text, out var bytes, out var error), Is.True, error);
        Assert.That(OptionValueCodec.ToColonHex(bytes), Is.EqualTo(wire));
        Assert.That(OptionValueCodec.Format(d, bytes, OptionTextStyle.LeaseFile), Is.EqualTo(leaseForm));
        Assert.That(OptionValueCodec.Format(d, bytes, OptionTextStyle.ScriptEnvironment), Is.EqualTo(envForm));
    }

    [TestCase("routers", "head.cluster", "option routers: 'head.cluster' is not an IPv4 address (host names are not resolved; write the address)")]
    [TestCase("interface-mtu", "70000", "option interface-mtu: '70000' is not an integer from 0 to 65535")]
    [TestCase("ip-forwarding", "maybe", "option ip-forwarding: 'maybe' is not a boolean (true, false, on or off)")]
    [TestCase("root-path", "/srv/root", "option root-path: expected a quoted string, found '/srv/root'")]
    [TestCase("dhcp-client-identifier", "ff:zz", "option dhcp-client-identifier: 'ff:zz' is neither colon-separated hex nor a quoted string")]
    [TestCase("routers", "198.18.0.1,", "option routers: missing value")]
    public void RejectsBadValuesWithAPlainReason(string name, string text, string expected)
    {
        Assert.That(OptionValueCodec.TryEncode(Def(name), text, out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(expected));
    }

    [Test]
    public void QuotedStringsResolveIscEscapes()
    {
        Assert.That(OptionValueCodec.TryUnquote("\"a\\\"b\\\\c\\101\\x42\"", out var v, out _), Is.True);
        Assert.That(System.Text.Encoding.ASCII.GetString(v), Is.EqualTo("a\"b\\cAB"));
        Assert.That(OptionValueCodec.Format(Def("host-name"), "a\"b\n"u8, OptionTextStyle.LeaseFile), Is.EqualTo("\"a\\\"b\\012\""));
    }

    [Test]
    public void WrongLengthValuesAreShownAsHexNotGuessed()
    {
        Assert.That(OptionValueCodec.Format(Def("subnet-mask"), [255, 255, 0], OptionTextStyle.ScriptEnvironment), Is.EqualTo("ff:ff:00"));
    }

    [Test]
    public void SiteOptionsExtendAnImmutableTable()
    {
        var table = DhcpOptionTable.Standard.With(new DhcpOptionDefinition(224, "site-root", OptionValueType.Text));
        Assert.That(table.TryGet("site-root", out _), Is.True);
        Assert.That(DhcpOptionTable.Standard.TryGet("site-root", out _), Is.False);
    }
}
