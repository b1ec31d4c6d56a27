using IPoIBDhcp.Server.Hosting;

namespace IPoIBDhcp.Tests.Dhcpd;

public class ServerCommandLineTests
{
    private static ServerCommandLine Parse(params string[] args)
    {
        Assert.That(ServerCommandLine.TryParse(args, out var c, out var error), Is.True, error);
        return c;
    }

    private static string Error(params string[] args)
    {
        Assert.That(ServerCommandLine.TryParse(args, out _, out var error), Is.False);
        return error;
    }

    [Test]
    public void ParsesIscFlagsAndOurs()
    {
        var c = Parse("-4", "-d", "-p", "6767", "-cf", "/tmp/d.conf", "-lf", "/tmp/d.leases", "--no-pid",
            "--listen", "127.0.0.1", "--listen", "127.0.0.2:6767", "--fabric", "f.conf", "--LogLevel=debug", "ib0", "ib0.8001");
        Assert.That(c.Debug && c.Foreground && c.NoPid, Is.True);
        Assert.That(c.Port, Is.EqualTo(6767));
        Assert.That(c.ConfigFile, Is.EqualTo("/tmp/d.conf"));
        Assert.That(c.LeaseFile, Is.EqualTo("/tmp/d.leases"));
        Assert.That(c.Listen.Select(e => e.ToString()), Is.EqualTo(new[] { "127.0.0.1:6767", "127.0.0.2:6767" }));
        Assert.That(c.FabricFile, Is.EqualTo("f.conf"));
        Assert.That(c.Interfaces, Is.EqualTo(new[] { "ib0", "ib0.8001" }));
        Assert.That(c.SettingArguments, Is.EqualTo(new[] { "--LogLevel=debug" }));
        Assert.That(c.ResolvePidFile(_ => null), Is.Null);
    }

    [Test]
    public void AListenPortOtherThanTheServerPortIsRefused_AndABareAddressTakesMinusPWhereverItStands()
    {
        // The server answers only its own port: a --listen socket on another would drop every request unseen.
        Assert.That(Error("-p", "6767", "--listen", "127.0.0.2:7000"),
            Is.EqualTo("--listen 127.0.0.2:7000: the port differs from the server port 6767 (give -p 7000, or --listen 127.0.0.2)"));
        Assert.That(Error("--listen", "127.0.0.2:67", "-p", "6767"), Does.StartWith("--listen 127.0.0.2:67: the port differs"));
        Assert.That(Parse("--listen", "127.0.0.1", "-p", "6767").Listen.Single().ToString(), Is.EqualTo("127.0.0.1:6767"));
        Assert.That(Parse("--listen", "127.0.0.1:67").Listen.Single().ToString(), Is.EqualTo("127.0.0.1:67"));
    }

    [Test]
    public void DefaultsFollowIscWithDebianConfigWhenPresent()
    {
        var c = Parse("ib0");
        Assert.That(c.Port, Is.EqualTo(67));
        Assert.That(c.ResolveConfigFile(_ => null, f => f == "/etc/dhcp/dhcpd.conf"), Is.EqualTo("/etc/dhcp/dhcpd.conf"));
        Assert.That(c.ResolveConfigFile(_ => null, _ => false), Is.EqualTo("/etc/dhcpd.conf"));
        Assert.That(c.ResolveConfigFile(v => v == "PATH_DHCPD_CONF" ? "/x.conf" : null, _ => true), Is.EqualTo("/x.conf"));
        Assert.That(c.ResolveLeaseFile(_ => null), Is.EqualTo("/var/lib/dhcp/dhcpd.leases"));
        Assert.That(c.ResolvePidFile(_ => null), Is.EqualTo("/var/run/dhcpd.pid"));
    }

    [Test]
    public void BadCommandLinesSayWhatIsWrong()
    {
        Assert.That(Error("-p"), Is.EqualTo("-p needs a port number from 1 to 65534"));
        Assert.That(Error("-p", "x"), Is.EqualTo("-p needs a port number from 1 to 65534"));
        Assert.That(Error("-cf"), Is.EqualTo("-cf needs a file name"));
        Assert.That(Error("-x"), Is.EqualTo("unknown option -x"));
        Assert.That(Error("-6"), Is.EqualTo("DHCPv6 is not supported; this server is DHCPv4 only"));
        Assert.That(Error("-t", "-T"), Is.EqualTo("-t and -T cannot be combined"));
        Assert.That(Error("--listen", "::1"), Is.EqualTo("--listen needs addr[:port], e.g. 127.0.0.1:6767"));
    }

    [Test]
    public void SettingsLayerDefaultsJsonEnvironmentAndCommandLine()
    {
        var dir = Directory.CreateTempSubdirectory("ipoibdhcp-settings");
        try
        {
            var json = Path.Combine(dir.FullName, "dhcpd.json");
            File.WriteAllText(json, """{ "LogLevel": "debug", "OfferHoldSeconds": 30, "Journal": { "Flush": "always" } }""");
            var env = new Dictionary<string, string?> { ["IPOIBDHCP_SETTINGS"] = json };
            var s = DaemonSettings.Load([], k => env.GetValueOrDefault(k), File.Exists);
            Assert.That((s.LogLevel, s.OfferHoldSeconds, s.Journal.Flush), Is.EqualTo(("debug", 30, "always")));
            var fromCommandLine = DaemonSettings.Load(["--OfferHoldSeconds=5", "--Journal:Flush=none"], k => env.GetValueOrDefault(k), File.Exists);
            Assert.That((fromCommandLine.OfferHoldSeconds, fromCommandLine.Journal.Flush), Is.EqualTo((5, "none")));
            var defaults = DaemonSettings.Load([], _ => null, _ => false);
            Assert.That((defaults.LogLevel, defaults.Journal.Flush, defaults.Journal.CompactionFactor), Is.EqualTo(("info", "group", 4)));
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
