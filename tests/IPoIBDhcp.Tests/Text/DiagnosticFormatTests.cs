using System.Text;
using IPoIBDhcp.Client.Config;
using IPoIBDhcp.Client.Leases;
using IPoIBDhcp.Engine.Fabric.Config;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Leases.IscFile;
using IPoIBDhcp.Text;
using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Tests.Text;

/// <summary>
/// Every grammar reports through one <see cref="ConfigDiagnostic"/> and prints it one way, <c>file:line:col: reason</c>:
/// one exact line per grammar, so a change to any reader's wording or positions shows here.
/// </summary>
public class DiagnosticFormatTests
{
    [Test]
    public void DhcpdConf()
    {
        var result = DhcpdConfigParser.ParseText("subnet 198.18.0.0 netmask 255.255.0.0 {\n  range 198.18.0.10;\n  no-such-thing 1;\n}\n", "dhcpd.conf");
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[] { "dhcpd.conf:3:3: unknown statement 'no-such-thing'" }));
    }

    [Test]
    public void DhclientConf()
    {
        Assert.That(ClientConfParser.TryParse("timeout 60;\n\nretry 5 6;\n", "dhclient.conf", out _, out var errors), Is.False);
        Assert.That(errors.Select(e => e.ToString()), Is.EqualTo(new[] { "dhclient.conf:3:9: expected ';' after retry, found '6'" }));
    }

    [Test]
    public void DhclientLeases()
    {
        const string text = "lease {\n  interface \"ib0\";\n  fixed-address 198.18.0.5;\n  expire never;\n}\nlease {\n  interface \"ib0\";\n  fixed-address 198.18.0.300;\n}\n";
        var file = LeaseFile.Parse(text, "dhclient.leases", DhcpOptionTable.Standard);
        Assert.That(file.Errors.Select(e => e.ToString()), Is.EqualTo(new[]
        {
            "dhclient.leases:6:1: damaged record skipped (59 bytes)",
            "dhclient.leases:8:17: expected an IPv4 address, found '198.18.0.300'",
        }));
    }

    [Test]
    public void DhcpdLeases()
    {
        const string text = "lease 198.18.0.5 {\n  starts 4 2026/12/03 10:00:00;\n  ends 4 2026/12/03 22:00:00;\n  binding state active;\n}\nbogus 1;\nlease 198.18.0.6 {\n  binding state free;\n}\n";
        var content = new IscLeaseFileReader().Read(Encoding.ASCII.GetBytes(text));
        Assert.That(content.Diagnostics.Select(d => (d with { File = "/var/lib/dhcp/dhcpd.leases" }).ToString()), Is.EqualTo(new[] { "/var/lib/dhcp/dhcpd.leases:6:1: damaged data skipped (9 bytes): unknown statement 'bogus'" }));
    }

    [Test]
    public void FabricConf()
    {
        const string text = "fabric lab { }\nhost h { port ib0 guid 0x1; }\nhost h { port ib0 guid 0x2; }\n";
        Assert.That(FabricConfigParser.TryParse(text, "fabric.conf", null, out _, out var error), Is.False);
        Assert.That(error!.ToString(), Is.EqualTo("fabric.conf:3:6: host 'h' is defined twice (first on line 2)"));
        Assert.That(Assert.Throws<FabricConfigException>(() => FabricConfigParser.Parse(text, "fabric.conf"))!.Message, Is.EqualTo(error.ToString()));
    }

    [Test]
    public void PartitionsConf()
    {
        const string text = "# storage\nstorage=0x8001, ipoib : node7;\n";
        Assert.That(PartitionsConfigParser.TryParse(text, "partitions.conf", out _, out var error), Is.False);
        Assert.That(error!.ToString(), Is.EqualTo("partitions.conf:2:25: 'node7' is not a port GUID (0x0002c90300001001 or decimal), ALL or ALL_CAS"));
        Assert.That(Assert.Throws<FabricConfigException>(() => PartitionsConfigParser.Parse(text, "partitions.conf"))!.Message, Is.EqualTo(error.ToString()));
    }

    [Test]
    public void ADiagnosticWithoutColumnOrLineLeavesThemOut()
    {
        Assert.That(new ConfigDiagnostic("dhcpd.leases", 7, 0, "why").ToString(), Is.EqualTo("dhcpd.leases:7: why"));
        Assert.That(new ConfigDiagnostic("dhcpd.leases", 0, 0, "why").ToString(), Is.EqualTo("dhcpd.leases: why"));
        Assert.That(new ConfigDiagnostic(new SourcePosition("a.conf", 3, 9), "why").ToString(), Is.EqualTo("a.conf:3:9: why"));
    }

    [Test]
    public void SourceTextNumbersAPartOfAFileAsTheFile()
    {
        var source = new SourceText("f", "ab\ncd", firstLine: 40);
        Assert.That(source.PositionOf(4), Is.EqualTo(new SourcePosition("f", 41, 2)));
        Assert.That(SourceText.ColumnOf("ab\ncd"u8, 4), Is.EqualTo(2));
        Assert.That(SourceText.ColumnOf("abcd"u8, 2), Is.EqualTo(3));
    }
}
