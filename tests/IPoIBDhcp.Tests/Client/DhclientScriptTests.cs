using IPoIBDhcp.Client.Leases;
using IPoIBDhcp.Client.Script;
using IPoIBDhcp.Logging;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Options;
using IPoIBDhcp.Tests.Support;

namespace IPoIBDhcp.Tests.Client;

public class DhclientScriptTests
{
    private string dir = "";

    [SetUp]
    public void SetUp()
    {
        dir = Path.Combine(Path.GetTempPath(), "dhclient-script-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(dir, recursive: true);

    private string WriteScript(string body)
    {
        string path = Path.Combine(dir, "dhclient-script");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        else Assert.Ignore("dhclient-script runs on Linux");
        return path;
    }

    private Dictionary<string, string> Dumped()
    {
        var env = new Dictionary<string, string>();
        foreach (var line in File.ReadAllLines(Path.Combine(dir, "env.txt")))
        {
            int eq = line.IndexOf('=');
            if (eq > 0) env[line[..eq]] = line[(eq + 1)..];
        }
        return env;
    }

    private static ClientLease Lease(string address, DateTimeOffset expiry, bool withBroadcast = false)
    {
        var lease = new ClientLease { Interface = "ib1", Address = IPv4Address.Parse(address), Expiry = expiry,
            NextServer = IPv4Address.Parse("198.18.0.1"), FileName = "pxelinux.0" };
        lease.Options[1] = [255, 255, 255, 0];
        lease.Options[3] = [198, 18, 0, 1];
        lease.Options[6] = [198, 18, 0, 1, 198, 18, 0, 2];
        lease.Options[12] = "node17"u8.ToArray();
        lease.Options[15] = "cluster.example"u8.ToArray();
        lease.Options[17] = "198.18.0.1:/exports/root"u8.ToArray();
        lease.Options[26] = [0x07, 0xfc];
        lease.Options[51] = [0, 0, 2, 0x58];
        lease.Options[53] = [5];
        lease.Options[54] = [198, 18, 0, 1];
        lease.Options[58] = [0, 0, 1, 0x2c];
        lease.Options[61] = [0x20, 0x00, 0x02, 0xc9, 0x03, 0x00, 0x00, 0x10, 0x39];
        if (withBroadcast) lease.Options[28] = [198, 18, 0, 127];
        return lease;
    }

    [Test]
    public void BoundRunGetsIscEnvironmentAndNothingElse()
    {
        Environment.SetEnvironmentVariable("IPOIBDHCP_TEST_LEAK", "leaked");
        string script = WriteScript($"env > '{dir}/env.txt'\nexit 0");
        var expiry = new DateTimeOffset(2024, 1, 16, 10, 10, 0, TimeSpan.Zero);
        var runner = new DhclientScript(script, "ib1", [1, 28, 3, 6, 12], DhcpOptionTable.Standard, NullLogSink.Instance);
        int status = runner.Run(ScriptReason.Bound, null, Lease("198.18.0.100", expiry));
        Assert.That(status, Is.EqualTo(0));
        var env = Dumped();
        Assert.That(env["reason"], Is.EqualTo("BOUND"));
        Assert.That(env["interface"], Is.EqualTo("ib1"));
        Assert.That(env["pid"], Is.EqualTo(Environment.ProcessId.ToString()));
        Assert.That(env["PATH"], Is.EqualTo("/usr/ucb:/usr/bin:/usr/sbin:/bin:/sbin"));
        Assert.That(env["new_ip_address"], Is.EqualTo("198.18.0.100"));
        Assert.That(env["new_subnet_mask"], Is.EqualTo("255.255.255.0"));
        Assert.That(env["new_network_number"], Is.EqualTo("198.18.0.0"));      // computed from the mask
        Assert.That(env["new_broadcast_address"], Is.EqualTo("198.18.0.255"));  // computed: option 28 absent
        Assert.That(env["new_routers"], Is.EqualTo("198.18.0.1"));
        Assert.That(env["new_domain_name_servers"], Is.EqualTo("198.18.0.1 198.18.0.2")); // spaces, not commas
        Assert.That(env["new_host_name"], Is.EqualTo("node17"));
        Assert.That(env["new_domain_name"], Is.EqualTo("cluster.example"));   // no quotes
        Assert.That(env["new_root_path"], Is.EqualTo("198.18.0.1:/exports/root"));
        Assert.That(env["new_interface_mtu"], Is.EqualTo("2044"));
        Assert.That(env["new_dhcp_lease_time"], Is.EqualTo("600"));
        Assert.That(env["new_dhcp_message_type"], Is.EqualTo("5"));
        Assert.That(env["new_dhcp_server_identifier"], Is.EqualTo("198.18.0.1"));
        Assert.That(env["new_dhcp_renewal_time"], Is.EqualTo("300"));
        Assert.That(env["new_dhcp_client_identifier"], Is.EqualTo("20:00:02:c9:03:00:00:10:39"));
        Assert.That(env["new_next_server"], Is.EqualTo("198.18.0.1"));
        Assert.That(env["new_filename"], Is.EqualTo("pxelinux.0"));
        Assert.That(env["new_expiry"], Is.EqualTo("1705399800"));
        Assert.That(env["requested_subnet_mask"], Is.EqualTo("1"));
        Assert.That(env["requested_host_name"], Is.EqualTo("1"));
        Assert.That(env.Keys.Where(k => k.StartsWith("old_")), Is.Empty);
        Assert.That(env.ContainsKey("IPOIBDHCP_TEST_LEAK"), Is.False); // ISC replaces the environment
    }

    [Test]
    public void RenewRunCarriesOldAndNewAndKeepsAServerBroadcastAddress()
    {
        string script = WriteScript($"env > '{dir}/env.txt'");
        var t = new DateTimeOffset(2024, 1, 16, 10, 10, 0, TimeSpan.Zero);
        var runner = new DhclientScript(script, "ib1", [1], DhcpOptionTable.Standard, NullLogSink.Instance);
        runner.Run(ScriptReason.Renew, Lease("198.18.0.100", t), Lease("198.18.0.100", t.AddSeconds(300), withBroadcast: true));
        var env = Dumped();
        Assert.That(env["reason"], Is.EqualTo("RENEW"));
        Assert.That(env["old_ip_address"], Is.EqualTo("198.18.0.100"));
        Assert.That(env["old_expiry"], Is.EqualTo("1705399800"));
        Assert.That(env["new_expiry"], Is.EqualTo("1705400100"));
        Assert.That(env["old_broadcast_address"], Is.EqualTo("198.18.0.255"));
        Assert.That(env["new_broadcast_address"], Is.EqualTo("198.18.0.127")); // the server's option 28 wins
    }

    [Test]
    public void ExitStatusIsReturnedAndAHangingScriptIsKilled()
    {
        var runner = new DhclientScript(WriteScript("exit 3"), "ib1", [], DhcpOptionTable.Standard, NullLogSink.Instance);
        Assert.That(runner.Run(ScriptReason.Bound, null, null), Is.EqualTo(3));
        var log = new RecordingLogSink();
        var hanging = new DhclientScript(WriteScript("sleep 30"), "ib1", [], DhcpOptionTable.Standard, log) { Limit = TimeSpan.FromMilliseconds(300) };
        Assert.That(hanging.Run(ScriptReason.Preinit, null, null), Is.EqualTo(0));
        Assert.That(log.Lines.Single(), Does.EndWith("PREINIT: still running after 0 s - killed"));
        var missing = new DhclientScript(Path.Combine(dir, "nope"), "ib1", [], DhcpOptionTable.Standard, log);
        Assert.That(missing.Run(ScriptReason.Preinit, null, null), Is.EqualTo(0));
        Assert.That(log.Lines[^1], Does.StartWith("execve ("));
        Assert.That(log.Entries.Select(e => e.Severity), Is.All.EqualTo(LogSeverity.Error), "a script that hangs or cannot start is an error, as ISC logs it");
    }

    [Test]
    public void ShellMetacharactersInNamesAreDiscardedAsIscDoes()
    {
        var lease = Lease("198.18.0.100", DateTimeOffset.MaxValue);
        lease.Options[12] = "node;rm -rf /"u8.ToArray();
        lease.Options[17] = "$(reboot)"u8.ToArray();
        var discarded = new List<string>();
        var env = ScriptEnvironment.Build(ScriptReason.Bound, "ib1", null, lease, [], DhcpOptionTable.Standard, 1, discarded);
        Assert.That(env.ContainsKey("new_host_name"), Is.False);
        Assert.That(env.ContainsKey("new_root_path"), Is.False);
        Assert.That(discarded, Is.EqualTo(new[] { "suspect value in host_name option - discarded", "suspect value in root_path option - discarded" }));
        Assert.That(env["new_expiry"], Is.EqualTo(int.MaxValue.ToString()));
    }
}
