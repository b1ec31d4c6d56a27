using System.Text;
using IPoIBDhcp.IntegrationTests.Support;

namespace IPoIBDhcp.IntegrationTests.Dhcpd;

/// <summary>
/// <c>dhcpd -t</c> on configurations nested as deep as ISC dhcpd 4.4.3 takes (20,000 groups) and far deeper: the
/// binary exits 0, or 1 with <c>file:line:col: reason</c>; it never dies of a stack overflow (exit 134) and never
/// prints a .NET stack trace.
/// </summary>
public sealed class DeepConfigTests
{
    private const string Trailer = "Configuration file errors encountered -- exiting";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private static string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();

    private static async Task<ProgramRun> CheckAsync(string text)
    {
        using var workspace = Workspace.Create();
        workspace.Write("deep.conf", text);
        var run = await ProgramRun.RunAsync(RepoLayout.Program("dhcpd"), ["-t", "-cf", "deep.conf"], Deadline, workspace.Path);
        Assert.That(run.StandardError, Does.Not.Contain("Stack overflow").And.Not.Contain("   at "), "no crash, no stack trace");
        return run;
    }

    [Test]
    public async Task TwentyThousandNestedGroups_ExitZero_Silently()
    {
        var run = await CheckAsync("subnet 198.18.0.0 netmask 255.255.0.0 { }\n" + Repeat("group {\n", 20_000)
            + "host deep { hardware ethernet 00:11:22:33:44:55; fixed-address 198.18.0.5; }\n" + Repeat("}\n", 20_000));

        Assert.That(run.ExitCode, Is.EqualTo(0), run.StandardError);
        Assert.That(run.StandardError, Is.Empty);
    }

    [Test]
    public async Task AHundredThousandOpenBraces_ExitOne_WithOnePositionedError()
    {
        var run = await CheckAsync(Repeat("{", 100_000));

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.ErrorLines, Is.EqualTo(new[] { "deep.conf:1:1: '{' is never closed by '}'", Trailer }));
    }

    [Test]
    public async Task AHundredThousandCloseBraces_ExitOne_NamingEach()
    {
        var run = await CheckAsync(Repeat("}", 100_000));

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.ErrorLines, Has.Length.EqualTo(100_001));
        Assert.That(run.ErrorLines[0], Is.EqualTo("deep.conf:1:1: unexpected '}'"));
        Assert.That(run.ErrorLines[^1], Is.EqualTo(Trailer));
    }

    [Test]
    public async Task AHundredThousandParentheses_ExitOne_AtTheFirstTooDeep()
    {
        var run = await CheckAsync("class \"c\" { match if " + Repeat("(", 100_000) + "exists host-name" + Repeat(")", 100_000) + "; }\n");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.ErrorLines, Is.EqualTo(new[] { "deep.conf:1:72: match if: expression nested deeper than 50 parentheses", Trailer }));
    }

    [TestCase("not ", 4004)]
    [TestCase("exists host-name and ", 21021)]
    public async Task AHundredThousandOperators_ExitOne_AtTheFirstPastTheLimit(string unit, int column)
    {
        var run = await CheckAsync("if " + Repeat(unit, 100_000) + "exists host-name { default-lease-time 10; }\n");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.ErrorLines, Is.EqualTo(new[] { $"deep.conf:1:{column}: if: expression has more than 1000 'and', 'or' and 'not' operators", Trailer }));
    }

    [Test]
    public async Task TwentyThousandNestedIfs_ExitOne_AtTheFirstTooDeep()
    {
        var run = await CheckAsync(Repeat("if exists host-name {\n", 20_000) + "default-lease-time 10;\n" + Repeat("}\n", 20_000));

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.ErrorLines, Is.EqualTo(new[] { "deep.conf:101:1: 'if' statements nested deeper than 100", Trailer }));
    }
}
