using System.Text;
using IPoIBDhcp.IntegrationTests.Support;

namespace IPoIBDhcp.IntegrationTests.Dhclient;

/// <summary>
/// dhclient with a deeply nested or unbalanced dhclient.conf refuses it with <c>file:line:col</c> and exit 1,
/// before touching any interface; it never crashes or prints a stack trace.
/// </summary>
public sealed class DeepConfigTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private static string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();

    private static async Task<ProgramRun> RunAsync(string text)
    {
        using var workspace = Workspace.Create();
        workspace.Write("dhclient.conf", text);
        var run = await ProgramRun.RunAsync(RepoLayout.Program("dhclient"),
            ["-d", "-1", "-cf", "dhclient.conf", "-lf", workspace.File("dhclient.leases"), "--no-pid", "ib-none"], Deadline, workspace.Path);
        Assert.That(run.StandardError, Does.Not.Contain("Stack overflow").And.Not.Contain("   at "), "no crash, no stack trace");
        return run;
    }

    [Test]
    public async Task AHundredThousandOpenBraces_ExitOne_WithThePosition()
    {
        var run = await RunAsync(Repeat("{", 100_000));

        Assert.That(run.ExitCode, Is.EqualTo(1), run.StandardError);
        Assert.That(run.ErrorLines, Does.Contain("dhclient.conf:1:1: expected a statement, found '{'"));
        Assert.That(run.ErrorLines, Does.Contain("dhclient: dhclient.conf: configuration refused (1 error)"));
    }

    [Test]
    public async Task DeepBlocksInAnInterface_ExitOne_WithThePosition()
    {
        var run = await RunAsync("interface \"ib0\" {\n" + Repeat("{\n", 100_000) + Repeat("}\n", 100_000) + "}\n");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.StandardError);
        Assert.That(run.ErrorLines, Does.Contain("dhclient.conf:2:1: expected a statement, found '{'"));
    }

    [Test]
    public async Task TwentyThousandNestedLeases_ExitOne_WithThePosition()
    {
        var run = await RunAsync(Repeat("lease {\n", 20_000) + Repeat("}\n", 20_000));

        Assert.That(run.ExitCode, Is.EqualTo(1), run.StandardError);
        Assert.That(run.ErrorLines.Where(l => l.StartsWith("dhclient.conf:", StringComparison.Ordinal)).ToArray(), Is.EqualTo(new[]
        {
            "dhclient.conf:2:1: 'lease' is not a lease statement (expected interface, fixed-address, option, renew, rebind, expire, bootp, filename, server-name or medium)",
        }));
    }

    [Test]
    public async Task AHundredThousandStatements_AreAccepted_AndTheMissingInterfaceIsWhatStopsIt()
    {
        var run = await RunAsync("interface \"ib-none\" {\n" + Repeat("request subnet-mask;\n", 100_000) + "}\n");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.StandardError);
        Assert.That(run.ErrorLines, Has.None.StartsWith("dhclient.conf:"), "the configuration itself is accepted");
        Assert.That(run.ErrorLines, Does.Contain("dhclient: ib-none: no interface 'ib-none' in this network namespace"));
    }
}
