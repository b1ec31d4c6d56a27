using IPoIBDhcp.Client.Hosting;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Tests.Client;

public class CommandLineTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Test]
    public void DefaultsAreDebians()
    {
        Assert.That(CommandLine.TryParse(["ib1"], NoEnvironment, out var o, out _), Is.True);
        Assert.That((o.ConfigFile, o.LeaseFile, o.PidFile, o.ScriptFile),
            Is.EqualTo(("/etc/dhcp/dhclient.conf", "/var/lib/dhcp/dhclient.leases", "/var/run/dhclient.pid", (string?)null)));
        Assert.That((o.ClientPort, o.ServerPort), Is.EqualTo(((ushort)68, (ushort)67)));
        Assert.That(o.Interfaces, Is.EqualTo(new[] { "ib1" }));
        Assert.That(o.Verbose, Is.False);
    }

    [Test]
    public void EveryIscFlagIsRead()
    {
        string[] args = ["-4", "-d", "-1", "-v", "-w", "-nw", "-p", "1068", "-s", "198.18.0.1", "-cf", "c.conf", "-lf", "l.leases",
            "-pf", "p.pid", "-sf", "s.sh", "--fabric", "f.fabric", "-e", "FOO=bar=baz", "ib1", "ib0.8001"];
        Assert.That(CommandLine.TryParse(args, NoEnvironment, out var o, out var error), Is.True, error);
        Assert.That(o.Foreground && o.OneTry && o.Verbose && o.Persist && o.NoWait, Is.True);
        Assert.That((o.ClientPort, o.ServerPort), Is.EqualTo(((ushort)1068, (ushort)1067)));
        Assert.That(o.Server, Is.EqualTo(IPv4Address.Parse("198.18.0.1")));
        Assert.That((o.ConfigFile, o.LeaseFile, o.PidFile, o.ScriptFile, o.FabricFile),
            Is.EqualTo(("c.conf", "l.leases", "p.pid", (string?)"s.sh", (string?)"f.fabric")));
        Assert.That(o.ScriptEnvironment["FOO"], Is.EqualTo("bar=baz"));
        Assert.That(o.Interfaces, Is.EqualTo(new[] { "ib1", "ib0.8001" }));
    }

    [Test]
    public void ReleaseAndExitModesAndQuietOverride()
    {
        Assert.That(CommandLine.TryParse(["-r", "ib1"], NoEnvironment, out var r, out _) && r.Release && !r.Exit, Is.True);
        Assert.That(CommandLine.TryParse(["-x", "ib1"], NoEnvironment, out var x, out _) && x.Exit && !x.Release, Is.True);
        Assert.That(CommandLine.TryParse(["-d", "-q", "ib1"], NoEnvironment, out var q, out _) && !q.Verbose && q.Foreground, Is.True);
    }

    [Test]
    public void IscEnvironmentVariablesGiveDefaultPathsButFlagsWin()
    {
        var env = new Dictionary<string, string> { ["PATH_DHCLIENT_CONF"] = "/e/c", ["PATH_DHCLIENT_DB"] = "/e/l", ["PATH_DHCLIENT_SCRIPT"] = "/e/s" };
        Assert.That(CommandLine.TryParse(["-lf", "mine", "ib1"], k => env.GetValueOrDefault(k), out var o, out _), Is.True);
        Assert.That((o.ConfigFile, o.LeaseFile, o.ScriptFile), Is.EqualTo(("/e/c", "mine", (string?)"/e/s")));
    }

    [TestCase(new[] { "-z" }, "unknown option -z")]
    [TestCase(new[] { "-p" }, "-p needs a port number from 2 to 65535")]
    [TestCase(new[] { "-p", "70000" }, "-p needs a port number from 2 to 65535")]
    [TestCase(new[] { "-s", "server.example" }, "-s needs the server's IPv4 address")]
    [TestCase(new[] { "-cf" }, "-cf needs a file name")]
    [TestCase(new[] { "-6", "ib1" }, "-6: DHCPv6 is not supported by this dhclient")]
    [TestCase(new[] { "-e", "NOVALUE" }, "-e needs VAR=value")]
    [TestCase(new[] { "averyveryverylongname" }, "averyveryverylongname: interface name too long (is 21)")]
    public void BadUsageIsRefused(string[] args, string expected)
    {
        Assert.That(CommandLine.TryParse(args, NoEnvironment, out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(expected));
    }
}
