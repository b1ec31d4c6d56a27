using IPoIBDhcp.IntegrationTests.Support;

namespace IPoIBDhcp.IntegrationTests.Dhclient;

/// <summary>
/// The real dhclient started on a dhclient.leases with damage in the middle: it reads and rewrites the file at start
/// (then exits, having no interface), keeping every intact lease and the original as dhclient.leases~.
/// </summary>
public sealed class DamagedLeaseFileTests
{
    private static string Lease(int host) =>
        $"lease {{\n  interface \"ib0\";\n  fixed-address 198.18.8.{host};\n  option subnet-mask 255.255.255.0;\n" +
        "  renew 4 2037/01/01 00:00:00;\n  rebind 4 2037/01/01 00:00:00;\n  expire 4 2037/01/01 00:00:00;\n}\n";

    [Test]
    public async Task DamagedFile_EveryIntactLeaseSurvivesTheRewrite_OriginalKept_SkipLogged()
    {
        using var workspace = Workspace.Create();
        string original = Lease(20) + "garbage {\n" + Lease(21) + Lease(22);
        string leases = workspace.Write("dhclient.leases", original);
        string config = workspace.Write("dhclient.conf", "");

        var run = await ProgramRun.RunAsync(RepoLayout.Program("dhclient"), ["-d", "-cf", config, "-lf", leases, "--no-pid"], TimeSpan.FromSeconds(60));

        Assert.That(run.ExitCode, Is.EqualTo(0), run.StandardError);
        Assert.That(run.ErrorLines, Does.Contain($"{leases}:9:1: damaged record skipped (10 bytes)"));
        Assert.That(run.ErrorLines, Does.Contain($"{leases}: 10 damaged bytes left out (3 intact leases kept); the original is kept as {leases}~"));
        Assert.That(await File.ReadAllTextAsync(leases + "~"), Is.EqualTo(original));
        string rewritten = await File.ReadAllTextAsync(leases);
        Assert.That(rewritten, Does.Not.Contain("garbage"));
        foreach (int host in new[] { 20, 21, 22 })
            Assert.That(rewritten, Does.Contain($"fixed-address 198.18.8.{host};"));
    }
}
