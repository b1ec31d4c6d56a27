using System.Text;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Leases.IscFile;
using IPoIBDhcp.Server.Leases.Journal;
using IPoIBDhcp.Text;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Tests.Dhcpd.Leases;

/// <summary>
/// <c>host</c> records in dhcpd.leases (ISC's <c>write_host</c>, as omshell and xCAT's makedhcp leave them) are read,
/// served as dhcpd.conf host declarations (a later record of a name wins, <c>deleted;</c> removes), and kept by rewrites.
/// The record shapes are ISC 4.4's: <c>dhcpd -T</c> (ISC 4.4.3) reads this file's records without complaint, and reports
/// "line 17: semicolon expected" for the unknown statement the bad-record test uses.
/// </summary>
public class LeaseFileHostRecordTests
{
    private const string File =
        "# written by omshell\n" +
        "host n1 {\n" +
        "  dynamic;\n" +
        "  hardware ethernet 00:11:22:33:44:55;\n" +
        "  uid \"\\001\\000\\021\\\"3DU\";\n" +
        "  fixed-address 198.18.0.7;\n" +
        "}\n" +
        "host n2 {\n" +
        "  dynamic;\n" +
        "  uid 01:00:11:22:33:44:66;\n" +
        "  fixed-address 198.18.0.8;\n" +
        "}\n" +
        "lease 198.18.0.101 {\n" +
        "  binding state active;\n" +
        "}\n" +
        "host n2 {\n" +
        "  dynamic;\n" +
        "  deleted;\n" +
        "}\n";

    private static LeaseFileContent Read(string text) => new IscLeaseFileReader().Read(Encoding.Latin1.GetBytes(text));

    [Test]
    public void TheReaderReturnsEveryHostRecordWithItsNameUidAndDeclaration()
    {
        var content = Read(File);

        Assert.That(content.Diagnostics, Is.Empty);
        Assert.That(content.Leases.Select(l => l.Address.ToString()), Is.EqualTo(new[] { "198.18.0.101" }));
        Assert.That(content.Hosts.Select(h => (h.Name, h.Deleted, Convert.ToHexString(h.ClientId.Span), h.Line, h.Column)), Is.EqualTo(new[]
        {
            ("n1", false, "01001122334455", 2, 1),
            ("n2", false, "01001122334466", 8, 1),
            ("n2", true, "", 16, 1),
        }));
        // The lease-file-only statements are blanked, line breaks kept, so the grammar's positions are the file's.
        Assert.That(content.Hosts[0].DeclarationText, Is.EqualTo(
            "host n1 {\n" +
            new string(' ', "  dynamic;".Length) + "\n" +
            "  hardware ethernet 00:11:22:33:44:55;\n" +
            new string(' ', "  uid \"\\001\\000\\021\\\"3DU\";".Length) + "\n" +
            "  fixed-address 198.18.0.7;\n" +
            "}"));
        Assert.That(Encoding.Latin1.GetString(content.Hosts[2].Raw.Span), Is.EqualTo("host n2 {\n  dynamic;\n  deleted;\n}"));
    }

    [Test]
    public void TheLastRecordOfEachNameDecides()
    {
        var last = IscHostRecord.LastOfEachName(Read(File).Hosts);

        Assert.That(last.Select(h => (h.Name, h.Deleted, h.Line)), Is.EqualTo(new[] { ("n1", false, 2), ("n2", true, 16) }));
    }

    [Test]
    public void RecordsReplaceAddAndDeleteHostsOfDhcpdConf()
    {
        var config = DhcpdConfigParser.ParseText(
            "subnet 198.18.0.0 netmask 255.255.255.0 { range 198.18.0.100 198.18.0.200; }\n" +
            "host n1 { hardware ethernet 00:11:22:33:44:99; fixed-address 198.18.0.99; }\n" +
            "host n2 { hardware ethernet 00:11:22:33:44:98; fixed-address 198.18.0.98; }\n" +
            "host keep { hardware ethernet 00:11:22:33:44:97; fixed-address 198.18.0.97; }\n", "dhcpd.conf").Config!;
        var problems = new List<ConfigDiagnostic>();

        var served = LeaseFileHosts.Apply(config, IscHostRecord.LastOfEachName(Read(File).Hosts), "/var/lib/dhcp/dhcpd.leases", problems);

        Assert.That(problems, Is.Empty);
        Assert.That(served.Hosts.Select(h => (h.Name, string.Join(",", h.FixedAddresses))), Is.EqualTo(new[] { ("n1", "198.18.0.7"), ("keep", "198.18.0.97") }));
        var n1 = served.HostsByName["n1"];
        Assert.That(Convert.ToHexString(n1.ClientIdentifier!.Value.AsSpan()), Is.EqualTo("01001122334455"));
        Assert.That(Convert.ToHexString(n1.Hardware!.Bytes.AsSpan()), Is.EqualTo("001122334455"));
        Assert.That(n1.Scope.Parent, Is.SameAs(config.Global));
        Assert.That(n1.Position.ToString(), Is.EqualTo("/var/lib/dhcp/dhcpd.leases:2:1"));
    }

    [Test]
    public void ARecordTheGrammarRefusesIsReportedAtItsPlaceInTheLeaseFileAndNotServed()
    {
        var config = DhcpdConfigParser.ParseText("host n3 { fixed-address 198.18.0.3; }\n", "dhcpd.conf").Config!;
        var records = Read("lease 198.18.0.101 {\n  binding state active;\n}\nhost n3 {\n  dynamic;\n  fixed-address 198.18.0.33;\n  frobnicate 3;\n}\n").Hosts;
        var problems = new List<ConfigDiagnostic>();

        var served = LeaseFileHosts.Apply(config, records, "dhcpd.leases", problems);

        Assert.That(problems.Select(p => p.ToString()), Is.EqualTo(new[] { "dhcpd.leases:7:3: unknown statement 'frobnicate'" }));
        Assert.That(string.Join(",", served.HostsByName["n3"].FixedAddresses), Is.EqualTo("198.18.0.3"));
    }

    [Test]
    public async Task ARewriteKeepsTheDecidingHostRecordsBeforeTheLeases()
    {
        string directory = Path.Combine(Path.GetTempPath(), "ipoib-hosts-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            string path = Path.Combine(directory, "dhcpd.leases");
            await System.IO.File.WriteAllTextAsync(path, File);
            await using (var store = await JournalLeaseStore.OpenAsync(new JournalLeaseStoreOptions(path) { CompactOnOpen = true }))
            {
                Assert.That(store.HostRecords.Select(h => h.Name), Is.EqualTo(new[] { "n1", "n2" }));
                await store.CompactAsync();
            }
            string rewritten = await System.IO.File.ReadAllTextAsync(path);
            int hosts = rewritten.IndexOf("host n1 {\n  dynamic;\n  hardware ethernet 00:11:22:33:44:55;\n  uid \"\\001\\000\\021\\\"3DU\";\n  fixed-address 198.18.0.7;\n}\nhost n2 {\n  dynamic;\n  deleted;\n}\n", StringComparison.Ordinal);
            Assert.That(hosts, Is.GreaterThan(0));
            Assert.That(rewritten.IndexOf("lease 198.18.0.101 {", StringComparison.Ordinal), Is.GreaterThan(hosts));
            Assert.That(rewritten, Does.Not.Contain("fixed-address 198.18.0.8"));
            var reread = new IscLeaseFileReader().Read(Encoding.Latin1.GetBytes(rewritten));
            Assert.That(reread.Hosts.Select(h => (h.Name, h.Deleted)), Is.EqualTo(new[] { ("n1", false), ("n2", true) }));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void ARecordIsReadWithTheOptionsDhcpdConfDefines()
    {
        // xCAT's makedhcp defines conf-file in dhcpd.conf and sets it in the host records it leaves in dhcpd.leases.
        var config = DhcpdConfigParser.ParseText("option conf-file code 209 = text;\n", "dhcpd.conf").Config!;
        var records = Read("host node1 {\n  dynamic;\n  hardware ethernet 00:11:22:33:44:55;\n  fixed-address 198.18.0.7;\n" +
            "        supersede conf-file = \"http://198.18.0.1/node1\";\n}\n").Hosts;
        var problems = new List<ConfigDiagnostic>();

        var served = LeaseFileHosts.Apply(config, records, "dhcpd.leases", problems);

        Assert.That(problems, Is.Empty);
        Assert.That(served.HostsByName["node1"].FixedAddresses.Single(), Is.EqualTo(IPv4Address.Parse("198.18.0.7")));
        var standardOnly = new List<ConfigDiagnostic>();
        LeaseFileHosts.Check(records, DhcpdConfigParser.ParseText("", "dhcpd.conf").Config!, "dhcpd.leases", standardOnly);
        Assert.That(standardOnly.Select(p => p.ToString()), Is.EqualTo(new[] { "dhcpd.leases:5:19: unknown option 'conf-file'" }));
    }

    [Test]
    public void ServingTheRecordsKeepsDhcpdConfsOptionSpacesAndDaemonStatements()
    {
        // A record in an option space dhcpd.conf declares, and dhcpd.conf's lease-file-name, both survive the records.
        var config = DhcpdConfigParser.ParseText(
            "lease-file-name \"/var/lib/dhcp/other.leases\";\noption space ipxe;\noption ipxe.no-pxedhcp code 176 = unsigned integer 8;\n" +
            "option ipxe-encap-opts code 175 = encapsulate ipxe;\n", "dhcpd.conf").Config!;
        var records = Read("host node1 {\n  dynamic;\n  hardware ethernet 00:11:22:33:44:55;\n  fixed-address 198.18.0.7;\n" +
            "        option ipxe.no-pxedhcp 1;\n}\n").Hosts;
        var problems = new List<ConfigDiagnostic>();

        var served = LeaseFileHosts.Apply(config, records, "dhcpd.leases", problems);

        Assert.That(problems, Is.Empty);
        Assert.That(served.HostsByName.Keys, Is.EquivalentTo(new[] { "node1" }));
        Assert.That(served.OptionSpaces, Is.SameAs(config.OptionSpaces));
        Assert.That(served.Daemon, Is.EqualTo(config.Daemon));
    }
}
