using IPoIBDhcp.Client.Config;
using IPoIBDhcp.Client.Leases;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Tests.Client;

public class LeaseFileTests
{
    // A lease block as ISC dhclient 4.4 writes it (write_client_lease): two-space indent, option names from
    // its table, times "W YYYY/MM/DD HH:MM:SS" in UTC. Tuesday 2024-01-16.
    private const string IscSample = """
        default-duid "\000\001\000\001,\331\3728RT\000\0224V";
        lease {
          interface "ib1";
          fixed-address 198.18.0.100;
          filename "pxelinux.0";
          option subnet-mask 255.255.255.0;
          option routers 198.18.0.1;
          option dhcp-lease-time 600;
          option dhcp-message-type 5;
          option domain-name-servers 198.18.0.1,198.18.0.2;
          option dhcp-server-identifier 198.18.0.1;
          option interface-mtu 2044;
          option domain-name "cluster.example";
          option dhcp-client-identifier ff:0:0:0:0:0:2:0:0:2:c9:0:0:2:c9:3:0:0:10:39;
          renew 2 2024/01/16 10:05:00;
          rebind 2 2024/01/16 10:08:45;
          expire 2 2024/01/16 10:10:00;
        }
        """;

    [Test]
    public void IscSampleReadsEveryField()
    {
        var file = LeaseFile.Parse(IscSample, "dhclient.leases", DhcpOptionTable.Standard);
        Assert.That(file.Errors, Is.Empty);
        Assert.That(file.DefaultDuid, Does.StartWith("\"\\000\\001"));
        var lease = file.Leases.Single();
        Assert.That(lease.Interface, Is.EqualTo("ib1"));
        Assert.That(lease.Address, Is.EqualTo(IPv4Address.Parse("198.18.0.100")));
        Assert.That(lease.FileName, Is.EqualTo("pxelinux.0"));
        Assert.That(lease.Options[6], Is.EqualTo(new byte[] { 198, 18, 0, 1, 198, 18, 0, 2 }));
        Assert.That(lease.Options[51], Is.EqualTo(new byte[] { 0, 0, 2, 0x58 }));
        Assert.That(lease.Options[26], Is.EqualTo(new byte[] { 0x07, 0xfc }));
        Assert.That(lease.Options[61], Is.EqualTo(ClientIdentifier.FlexBoot(new PortGuid(0x0002c90300001039)).Span.ToArray()));
        Assert.That(lease.Renewal, Is.EqualTo(new DateTimeOffset(2024, 1, 16, 10, 5, 0, TimeSpan.Zero)));
        Assert.That(lease.Rebinding, Is.EqualTo(new DateTimeOffset(2024, 1, 16, 10, 8, 45, TimeSpan.Zero)));
        Assert.That(lease.Expiry, Is.EqualTo(new DateTimeOffset(2024, 1, 16, 10, 10, 0, TimeSpan.Zero)));
    }

    [Test]
    public void FormatWritesIscLayoutAndReadsBackIdentically()
    {
        var lease = LeaseFile.Parse(IscSample, "dhclient.leases", DhcpOptionTable.Standard).Leases.Single();
        string text = LeaseFileFormat.Format(lease, DhcpOptionTable.Standard);
        Assert.That(text, Is.EqualTo("""
            lease {
              interface "ib1";
              fixed-address 198.18.0.100;
              filename "pxelinux.0";
              option subnet-mask 255.255.255.0;
              option routers 198.18.0.1;
              option domain-name-servers 198.18.0.1,198.18.0.2;
              option domain-name "cluster.example";
              option interface-mtu 2044;
              option dhcp-lease-time 600;
              option dhcp-message-type 5;
              option dhcp-server-identifier 198.18.0.1;
              option dhcp-client-identifier ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:00:10:39;
              renew 2 2024/01/16 10:05:00;
              rebind 2 2024/01/16 10:08:45;
              expire 2 2024/01/16 10:10:00;
            }

            """.ReplaceLineEndings("\n")));
        var again = LeaseFile.Parse(text, "x", DhcpOptionTable.Standard).Leases.Single();
        Assert.That(again.Options.Keys, Is.EqualTo(lease.Options.Keys));
        foreach (var (code, value) in lease.Options) Assert.That(again.Options[code], Is.EqualTo(value), $"option {code}");
        Assert.That((again.Renewal, again.Rebinding, again.Expiry, again.Address, again.FileName),
            Is.EqualTo((lease.Renewal, lease.Rebinding, lease.Expiry, lease.Address, lease.FileName)));
    }

    [Test]
    public void NeverEpochUnknownOptionsAndBootpRoundTrip()
    {
        var parsed = LeaseFile.Parse("""
            lease {
              bootp;
              interface "ib0";
              fixed-address 10.0.0.5;
              server-name "head \"node\"";
              option unknown-250 1:2:3;
              renew epoch 1705399500;
              rebind never;
              expire never;
            }
            """, "x", DhcpOptionTable.Standard).Leases.Single();
        Assert.That(parsed.IsBootp, Is.True);
        Assert.That(parsed.ServerName, Is.EqualTo("head \"node\""));
        Assert.That(parsed.Options[250], Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(parsed.Renewal, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1705399500)));
        Assert.That(parsed.Expiry, Is.EqualTo(DateTimeOffset.MaxValue));
        var text = LeaseFileFormat.Format(parsed, DhcpOptionTable.Standard);
        Assert.That(text, Does.Contain("  bootp;\n"));
        Assert.That(text, Does.Contain("  server-name \"head \\\"node\\\"\";\n"));
        Assert.That(text, Does.Contain("  option unknown-250 01:02:03;\n"));
        Assert.That(text, Does.Contain("  renew 2 2024/01/16 10:05:00;\n"));
        Assert.That(text, Does.Contain("  expire never;\n"));
        var again = LeaseFile.Parse(text, "x", DhcpOptionTable.Standard).Leases.Single();
        Assert.That(again.ServerName, Is.EqualTo(parsed.ServerName));
        Assert.That(again.Options[250], Is.EqualTo(parsed.Options[250]));
    }

    [Test]
    public void DamagedBlockIsReportedAndTheRestIsKept()
    {
        string text = "lease {\n  interface \"ib1\";\n  fixed-address 10.0.0.1;\n  renew 2 2024/01/16;\n}\n" +
                      IscSample.Replace("\r\n", "\n");
        var file = LeaseFile.Parse(text, "dhclient.leases", DhcpOptionTable.Standard);
        Assert.That(file.Errors.Select(e => e.ToString()), Is.EqualTo(new[]
        {
            "dhclient.leases:1:1: damaged record skipped (77 bytes)",
            "dhclient.leases:4:21: expected a time HH:MM:SS, found ';'",
        }));
        Assert.That(file.Leases.Single().Address, Is.EqualTo(IPv4Address.Parse("198.18.0.100")));
    }

    [Test]
    public void DatabaseAppendsReadsBackAndCompactsKeepingTheIdentityPin()
    {
        string dir = Path.Combine(Path.GetTempPath(), "dhclient-leases-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "dhclient.leases");
            var now = new DateTimeOffset(2024, 1, 16, 10, 0, 0, TimeSpan.Zero);
            var time = new ManualTimeProvider(now);
            var db = new LeaseDatabase(path, DhcpOptionTable.Standard, time);
            var id = ClientIdentifier.FlexBoot(new PortGuid(0x0002c90300001039));
            for (int i = 0; i < 25; i++)
            {
                var lease = new ClientLease { Interface = "ib1", Address = new IPv4Address(0xC6120064u + (uint)(i % 3)),
                    Renewal = now.AddSeconds(300), Rebinding = now.AddSeconds(525), Expiry = now.AddSeconds(600 + i) };
                lease.Options[61] = id.Span.ToArray();
                db.Record(lease);
            }
            db.Record(new ClientLease { Interface = "ib1", Address = IPv4Address.Parse("1.2.3.4"), IsStatic = true });
            var reread = new LeaseDatabase(path, DhcpOptionTable.Standard, time);
            Assert.That(reread.Load(), Is.Empty);
            // Same interface and address replace each other, as in ISC: three addresses remain, newest last.
            Assert.That(reread.Leases.Select(l => l.Address.ToString()), Is.EqualTo(new[] { "198.18.0.101", "198.18.0.102", "198.18.0.100" }));
            Assert.That(reread.LatestFor("ib1")!.Expiry, Is.EqualTo(now.AddSeconds(624)));
            Assert.That(reread.PinnedIdentity("ib1"), Is.EqualTo(id));

            // A day later every lease has expired; the rewrite keeps the newest one so the identity stays pinned.
            time.Advance(TimeSpan.FromDays(1));
            reread.Rewrite();
            var compacted = new LeaseDatabase(path, DhcpOptionTable.Standard, time);
            compacted.Load();
            Assert.That(compacted.Leases, Has.Count.EqualTo(1));
            Assert.That(compacted.PinnedIdentity("ib1"), Is.EqualTo(id));
            Assert.That(File.ReadAllText(path), Does.StartWith("lease {\n  interface \"ib1\";"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
