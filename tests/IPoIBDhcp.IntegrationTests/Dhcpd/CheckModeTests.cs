using IPoIBDhcp.IntegrationTests.Support;

namespace IPoIBDhcp.IntegrationTests.Dhcpd;

/// <summary>
/// <c>dhcpd -t</c> and <c>dhcpd -T</c> as an admin or a package's postinst runs them: the binary's exit code and
/// exactly what it prints. The unit tests check the parsers; these check what reaches the terminal.
/// </summary>
public sealed class CheckModeTests
{
    private const string Trailer = "Configuration file errors encountered -- exiting";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static string BadDirectory => RepoLayout.File("tests", "IPoIBDhcp.Tests", "Dhcpd", "Config", "bad");

    public static IEnumerable<string> BadConfigs() =>
        Directory.GetFiles(BadDirectory, "*.conf").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static IEnumerable<string> ShippedConfigs() =>
        Directory.GetFiles(RepoLayout.ConfExamples, "dhcpd*.conf")
            .Concat(Directory.GetFiles(RepoLayout.ConfExamples, "seed-*.conf"))
            .Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    [Test]
    public void TheCorporaAreThere()
    {
        Assert.That(BadConfigs().Count(), Is.GreaterThanOrEqualTo(12));
        Assert.That(ShippedConfigs(), Does.Contain("dhcpd.conf").And.Contain("seed-connectx.conf"));
    }

    [TestCaseSource(nameof(BadConfigs))]
    public async Task BadConfig_ExitsOne_PrintingExactlyTheExpectedDiagnostics(string name)
    {
        string[] expected = File.ReadLines(Path.Combine(BadDirectory, name))
            .TakeWhile(l => l.StartsWith("# expect: ", StringComparison.Ordinal))
            .Select(l => l["# expect: ".Length..].TrimEnd('\r'))
            .ToArray();
        Assert.That(expected, Is.Not.Empty, "the corpus file states what it expects");

        var run = await ProgramRun.RunAsync(RepoLayout.Program("dhcpd"), ["-t", "-cf", name], Deadline, BadDirectory);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.StandardError);
        Assert.That(run.ErrorLines, Is.EqualTo(expected.Append(Trailer).ToArray()), "the diagnostics, in order, then ISC's closing line");
        Assert.That(run.StandardOutput, Is.Empty);
    }

    [TestCaseSource(nameof(ShippedConfigs))]
    public async Task ShippedConfig_ExitsZero_Silently(string name)
    {
        var run = await ProgramRun.RunAsync(RepoLayout.Program("dhcpd"), ["-t", "-cf", name], Deadline, RepoLayout.ConfExamples);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.StandardError);
        Assert.That(run.StandardError, Is.Empty);
    }

    [Test]
    public async Task LeaseCheck_IscWrittenFile_ExitsZero()
    {
        string fixture = RepoLayout.File("tests", "IPoIBDhcp.Tests", "Fixtures", "isc-dhcpd-4.4.3.leases");

        var run = await ProgramRun.RunAsync(RepoLayout.Program("dhcpd"), ["-T", "-lf", fixture], Deadline);

        // The file ISC 4.4.3 wrote, failover state block included, is a valid lease file: -T passes it.
        Assert.That(run.ExitCode, Is.EqualTo(0), run.StandardError);
        Assert.That(run.ErrorLines, Is.EqualTo(new[] { $"{fixture}:10:1: failover peer state block skipped (failover is not supported)" }),
            "what is skipped is still said");
    }

    [Test]
    public async Task LeaseCheck_CorruptedCopy_ExitsOne_NamingFileAndLine()
    {
        using var workspace = Workspace.Create();
        string[] lines = await File.ReadAllLinesAsync(RepoLayout.File("tests", "IPoIBDhcp.Tests", "Fixtures", "isc-dhcpd-4.4.3.leases"));
        int firstLease = Array.FindIndex(lines, l => l.StartsWith("lease ", StringComparison.Ordinal));
        Assert.That(firstLease, Is.GreaterThan(0));
        // Damage 1: an address that is not one. Damage 2: a record cut off mid-way at the end (a crash mid-write).
        lines[firstLease] = "lease 10.20.0.999 {";
        string corrupted = workspace.Write("corrupted.leases",
            string.Join('\n', lines) + "\nlease 10.20.0.77 {\n  starts 2 2026/11/24 23:59:");

        var run = await ProgramRun.RunAsync(RepoLayout.Program("dhcpd"), ["-T", "-lf", corrupted], Deadline);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.ErrorLines, Does.Contain($"{corrupted}:{firstLease + 1}:1: lease with invalid address '10.20.0.999' skipped"));
        Assert.That(run.ErrorLines, Has.Some.Match($"^{System.Text.RegularExpressions.Regex.Escape(corrupted)}:{lines.Length + 1}:1: torn record"));
        Assert.That(run.ErrorLines, Has.All.Match($"^{System.Text.RegularExpressions.Regex.Escape(corrupted)}:[0-9]+:[0-9]+: "), "every message is file:line:col: reason");
    }
}
