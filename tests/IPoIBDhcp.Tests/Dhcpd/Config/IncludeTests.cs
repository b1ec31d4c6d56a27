using IPoIBDhcp.Server.Config;

namespace IPoIBDhcp.Tests.Dhcpd.Config;

public class IncludeTests
{
    private static Func<string, string> Files(Dictionary<string, string> files) =>
        path => files.TryGetValue(path.Replace('\\', '/'), out var text) ? text : throw new FileNotFoundException(path);

    [Test]
    public void IncludedStatementsJoinTheIncludingScope()
    {
        var files = new Dictionary<string, string>
        {
            ["etc/hosts.d/nodes.conf"] = "host node1 { fixed-address 198.18.0.5; }\n",
            ["etc/subnet-opts.conf"] = "option interface-mtu 4092;\n",
        };
        var result = DhcpdConfigParser.ParseText(
            "subnet 198.18.0.0 netmask 255.255.240.0 {\n  include \"subnet-opts.conf\";\n}\ninclude \"hosts.d/nodes.conf\";\n",
            "etc/dhcpd.conf", Files(files));
        Assert.That(result.Diagnostics, Is.Empty);
        Assert.That(result.Config!.Subnets.Single().Scope.Parameters.Options[26], Is.EqualTo(new byte[] { 0x0f, 0xfc }));
        var node1 = result.Config.HostsByName["node1"];
        Assert.That(node1.Position.ToString(), Is.EqualTo("etc/hosts.d/nodes.conf:1:1"));
    }

    [Test]
    public void ErrorsInIncludedFilesPointIntoThem()
    {
        var files = new Dictionary<string, string>
        {
            ["conf/pools.conf"] = "# pools\n\n  range 198.18.0.10 198.18.0.5;\n  bogus-statement;\n",
        };
        var result = DhcpdConfigParser.ParseText(
            "default-lease-time x;\nsubnet 198.18.0.0 netmask 255.255.240.0 {\n  include \"pools.conf\";\n}\n",
            "conf/dhcpd.conf", Files(files));
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "conf/dhcpd.conf:1:20: default-lease-time: expected a number of seconds or infinite, found 'x'",
            "conf/pools.conf:3:3: range 198.18.0.10 198.18.0.5: low address is above high address",
            "conf/pools.conf:4:3: unknown statement 'bogus-statement'",
        }));
        Assert.That(result.Diagnostics[1].File, Is.EqualTo("conf/pools.conf"));
        Assert.That(result.Diagnostics[1].Line, Is.EqualTo(3));
        Assert.That(result.Diagnostics[1].Column, Is.EqualTo(3));
    }

    [TestCase("include \"\";\n", "d.conf:1:1: include \"\": no file name given")]
    [TestCase("include \"a\0b\";\n", "d.conf:1:1: include: a file name cannot contain a NUL character")]
    public void AnIncludeOfANameNoFileCanHaveIsAnError(string text, string expected)
    {
        // Found by fuzzing: both reached Path.GetFullPath, which threw instead of a diagnostic.
        var result = DhcpdConfigParser.ParseText(text, "d.conf", Files([]));
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[] { expected }));
    }

    [Test]
    public void IncludeCycleIsReportedAtTheIncludeThatClosesIt()
    {
        var files = new Dictionary<string, string>
        {
            ["a.conf"] = "include \"b.conf\";\n",
            ["b.conf"] = "ping-check false;\n\ninclude \"a.conf\";\n",
        };
        var result = DhcpdConfigParser.ParseText(files["a.conf"], "a.conf", Files(files));
        Assert.That(result.Diagnostics.Select(d => d.ToString()),
            Is.EqualTo(new[] { "b.conf:3:1: include \"a.conf\": include cycle (a.conf -> b.conf -> a.conf)" }));
    }

    [Test]
    public void SelfIncludeIsACycle()
    {
        var result = DhcpdConfigParser.ParseText("include \"dhcpd.conf\";\n", "dhcpd.conf", Files([]));
        Assert.That(result.Diagnostics.Single().ToString(),
            Is.EqualTo("dhcpd.conf:1:1: include \"dhcpd.conf\": include cycle (dhcpd.conf -> dhcpd.conf)"));
    }

    [Test]
    public void TheSameFileMayBeIncludedTwiceWithoutACycle()
    {
        var files = new Dictionary<string, string> { ["mtu.conf"] = "option interface-mtu 4092;\n" };
        var result = DhcpdConfigParser.ParseText(
            "subnet 198.18.0.0 netmask 255.255.255.0 { include \"mtu.conf\"; }\nsubnet 198.18.1.0 netmask 255.255.255.0 { include \"mtu.conf\"; }\n",
            "dhcpd.conf", Files(files));
        Assert.That(result.Diagnostics, Is.Empty);
        Assert.That(result.Config!.Subnets.All(s => s.Scope.Parameters.Options.ContainsKey(26)), Is.True);
    }

    [Test]
    public void ParseReadsIncludesFromDiskRelativeToTheIncludingFile()
    {
        string dir = Path.Combine(Path.GetTempPath(), "dhcpdconf-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "d"));
        try
        {
            File.WriteAllText(Path.Combine(dir, "dhcpd.conf"), "include \"d/one.conf\";\n");
            File.WriteAllText(Path.Combine(dir, "d", "one.conf"), "include \"two.conf\";\n");
            File.WriteAllText(Path.Combine(dir, "d", "two.conf"), "host h { fixed-address 198.18.0.9; }\n");
            var result = DhcpdConfigParser.Parse(Path.Combine(dir, "dhcpd.conf"));
            Assert.That(result.Diagnostics, Is.Empty);
            Assert.That(result.Config!.Hosts.Single().Position.File, Is.EqualTo(Path.Combine(dir, "d", "two.conf")));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
