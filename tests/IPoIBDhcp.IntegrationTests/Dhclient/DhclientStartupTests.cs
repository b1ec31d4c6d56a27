using IPoIBDhcp.IntegrationTests.Support;
using IPoIBDhcp.Tests.Support;

namespace IPoIBDhcp.IntegrationTests.Dhclient;

/// <summary>
/// What an admin sees when the real dhclient cannot start, or is stopped while it waits: one plain line and an exit
/// status, never a .NET stack trace (before, SIGTERM to <c>dhclient -w</c> ended in one).
/// </summary>
public sealed class DhclientStartupTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static string Dhclient => RepoLayout.Program("dhclient");

    private static void AssertNoTrace(string output)
    {
        Assert.That(output, Does.Not.Contain("   at ").And.Not.Contain("Unhandled exception"), "no .NET stack trace");
    }

    [Test]
    public async Task AnUnknownInterface_IsOneLine_AndExitOne()
    {
        using var workspace = Workspace.Create();
        string[] arguments = ["-1", "-cf", workspace.Write("dhclient.conf", ""), "-lf", workspace.File("dhclient.leases"), "--no-pid", "nosuch0"];
        var run = await ProgramRun.RunAsync(Dhclient, arguments, Deadline);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.StandardError);
        Assert.That(run.ErrorLines, Is.EqualTo(new[] { "dhclient: nosuch0: no interface 'nosuch0' in this network namespace" }));
    }

    [Test]
    public async Task ADirectoryGivenAsConfigFile_IsOneLine_AndExitOne()
    {
        using var workspace = Workspace.Create();
        string[] arguments = ["-cf", workspace.Path, "-lf", workspace.File("dhclient.leases"), "--no-pid", "nosuch0"];
        var run = await ProgramRun.RunAsync(Dhclient, arguments, Deadline);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.StandardError);
        Assert.That(run.ErrorLines, Is.EqualTo(new[] { $"dhclient: {workspace.Path}: Is a directory" }));
    }

    [Test]
    public async Task SigtermWhileWaitingForAnInterface_ExitsZero_WithoutATrace()
    {
        using var workspace = Workspace.Create();
        string[] arguments = ["-v", "-w", "-cf", workspace.Write("dhclient.conf", ""), "-lf", workspace.File("dhclient.leases"), "--no-pid"];
        await using var dhclient = DaemonProcess.Start(Dhclient, arguments, new Dictionary<string, string>());
        await dhclient.WaitForLineAsync("No broadcast interfaces found - exiting.", TimeSpan.FromSeconds(30));

        string kill = Prerequisites.FindExecutable("kill") ?? "/bin/kill";
        var sent = await ProgramRun.RunAsync(kill, ["-TERM", $"{dhclient.Id}"], Deadline);
        Assert.That(sent.ExitCode, Is.EqualTo(0), sent.StandardError);

        Assert.That(await dhclient.WaitForExitAsync(TimeSpan.FromSeconds(20)), Is.True, "SIGTERM ends it");
        Assert.That(dhclient.ExitCode, Is.EqualTo(0), dhclient.Output);
        AssertNoTrace(dhclient.Output);
    }
}
