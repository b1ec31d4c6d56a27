using System.Text;
using IPoIBDhcp.Logging;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Hooks;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Tests.Dhcpd.Config;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Tests.Dhcpd.Hooks;

/// <summary>A hook body's statements at the moment of the event: variables, log lines, if arms and the programs decided.</summary>
public class HookEvaluatorTests
{
    private static readonly IPv4Address Address = IPv4Address.Parse("198.18.1.10");

    private static HookOutcome Run(string body, IOptionSource source, List<string> log, params LeaseVariable[] variables)
    {
        var config = DhcpdConfigParser.ParseText($"on commit {{\n{body}\n}}\n", "dhcpd.conf");
        Assert.That(config.Diagnostics.Select(d => d.ToString()), Is.Empty);
        return HookEvaluator.Run(config.Config!.Global.Parameters.Hooks.Commit!, "commit", Address, source, variables, new ListSink(log));
    }

    [Test]
    public void SetThenExecutePassesTheNewValueAndTheVariablesGoWithTheLease()
    {
        var log = new List<string>();
        var source = new TestOptionSource(new() { [12] = Encoding.ASCII.GetBytes("node-17") });

        var outcome = Run(
            "set name = option host-name;\n" +
            "set count = 3;\n" +
            "unset old;\n" +
            "execute(\"/usr/local/sbin/on-commit\", \"commit\", name, option host-name, missing);\n" +
            "log(info, name);\n" +
            "log(debug, missing);",
            source, log, new LeaseVariable("old", "x"), new LeaseVariable("kept", "k"));

        Assert.That(outcome.Variables, Is.EqualTo(new[]
        {
            new LeaseVariable("kept", "k"),
            new LeaseVariable("name", "node-17"),
            new LeaseVariable("count", "3", LeaseVariableKind.Numeric),
        }));
        var run = outcome.Runs!.Single();
        Assert.That((run.Program, string.Join("|", run.Arguments), run.Event, run.Address),
            Is.EqualTo(("/usr/local/sbin/on-commit", "commit|node-17|node-17|", "commit", Address)));
        // A log statement whose expression has no value logs nothing, as in ISC.
        Assert.That(log, Is.EqualTo(new[] { "Info: node-17" }));
    }

    [Test]
    public void TheFirstIfArmThatHoldsRunsAndAFatalLogIsAnError()
    {
        var log = new List<string>();

        var outcome = Run(
            "if exists user-class { log(fatal, \"ipxe\"); execute(\"/a\"); }\n" +
            "elsif exists vendor-class-identifier { log(error, \"firmware\"); execute(\"/b\"); }\n" +
            "else { execute(\"/c\"); }",
            TestOptionSource.PxeFirmware, log);

        Assert.That(outcome.Runs!.Select(r => r.Program), Is.EqualTo(new[] { "/b" }));
        Assert.That(log, Is.EqualTo(new[] { "Error: firmware" }));
    }

    private sealed class ListSink(List<string> lines) : ILogSink
    {
        public LogSeverity Threshold => LogSeverity.Debug;
        public void Write(LogSeverity severity, string line) => lines.Add($"{severity}: {line}");
    }
}
