using IPoIBDhcp.IntegrationTests.Support;

namespace IPoIBDhcp.IntegrationTests.Dhcpd;

/// <summary>
/// <c>dhcpd -t</c> on statements accepted with no effect yet (DNS updates, OMAPI) and on host names: the real binary's
/// exit code and exactly what it prints. ISC dhcpd 4.4.3 accepts the same file (<c>dhcpd -t -cf</c> exits 0).
/// </summary>
public sealed class CheckModeWarningTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Test]
    public async Task NoEffectYetStatements_AreSaidOnceAsAWarning_AndTheCheckPasses()
    {
        using var workspace = Workspace.Create();
        string conf = workspace.Write("dhcpd.conf",
            "ddns-update-style interim;\n" +
            "key DHCP_UPDATER { algorithm HMAC-MD5.SIG-ALG.REG.INT; secret pRP5FapFoJ95JEL06sv4PQ==; };\n" +
            "zone example.org. { primary 127.0.0.1; key DHCP_UPDATER; }\n" +
            "ignore client-updates;\n" +
            "omapi-port 7911;\n" +
            "subnet 198.18.0.0 netmask 255.255.255.0 {\n  ddns-updates off;\n  range 198.18.0.10 198.18.0.20;\n}\n" +
            "host head { hardware ethernet 00:11:22:33:44:55; fixed-address localhost; }\n");

        var run = await ProgramRun.RunAsync(RepoLayout.Program("dhcpd"), ["-t", "-cf", conf], Deadline);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.StandardError);
        Assert.That(run.ErrorLines, Is.EqualTo(new[]
        {
            $"{conf}:1:1: warning: accepted but with no effect yet (DNS updates and OMAPI are not implemented): " +
            "ddns-update-style (1:1), key (2:1), zone (3:1), ignore client-updates (4:1), omapi-port (5:1), ddns-updates (7:3)",
        }));
        Assert.That(run.StandardOutput, Is.Empty);
    }

    [Test]
    public async Task AMisspelledNoEffectYetStatement_FailsWithItsPosition()
    {
        using var workspace = Workspace.Create();
        string conf = workspace.Write("dhcpd.conf", "ddns-update-style interim;\nddns-updates maybe;\nsubnet 198.18.0.0 netmask 255.255.255.0 { }\n");

        var run = await ProgramRun.RunAsync(RepoLayout.Program("dhcpd"), ["-t", "-cf", conf], Deadline);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.ErrorLines, Is.EqualTo(new[]
        {
            $"{conf}:2:14: ddns-updates: expected true, false, on or off, found 'maybe'",
            $"{conf}:1:1: warning: accepted but with no effect yet (DNS updates and OMAPI are not implemented): ddns-update-style (1:1)",
            "Configuration file errors encountered -- exiting",
        }));
    }

    [Test]
    public async Task AtStartUp_TheWarningIsSaidOnce_AndLeaseFileNameAndPidFileNameAreUsed()
    {
        using var workspace = Workspace.Create();
        int port = LoopbackPorts.PickFree();
        string leases = workspace.File("from-conf.leases");
        string pid = workspace.File("from-conf.pid");
        string conf = workspace.Write("dhcpd.conf",
            $"lease-file-name \"{leases}\";\npid-file-name \"{pid}\";\nddns-updates on;\n" +
            "subnet 127.0.0.0 netmask 255.0.0.0 { }\n");

        // No -lf and no -pf: dhcpd.conf names both files (ISC: the command line would win).
        await using var dhcpd = DaemonProcess.Start(RepoLayout.Program("dhcpd"),
            ["-d", "-q", "-cf", conf, "-p", $"{port}", "--listen", $"127.0.0.1:{port}"],
            new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = workspace.Path });
        await dhcpd.WaitForLineAsync(Support.Dhcpd.Serving, Support.Dhcpd.StartTimeout);

        Assert.That(dhcpd.Count("warning: accepted but with no effect yet"), Is.EqualTo(1), dhcpd.Output);
        Assert.That(dhcpd.Lines, Does.Contain($"{conf}:3:1: warning: accepted but with no effect yet (DNS updates and OMAPI are not implemented): ddns-updates (3:1)"));
        Assert.That(File.Exists(leases), Is.True, "lease-file-name is the lease file (created, as -lf's would be)");
        Assert.That(File.Exists(pid), Is.True, "pid-file-name is where the pid goes");
        Assert.That(await File.ReadAllTextAsync(pid), Is.EqualTo($"{dhcpd.Id}\n"));
    }

    [Test]
    public async Task LocalPortWithListen_IsRefused_AndMinusPWins()
    {
        using var workspace = Workspace.Create();
        int port = LoopbackPorts.PickFree();
        string conf = workspace.Write("dhcpd.conf", "local-port 6767;\nsubnet 127.0.0.0 netmask 255.0.0.0 { }\n");

        var refused = await ProgramRun.RunAsync(RepoLayout.Program("dhcpd"),
            ["-d", "-q", "-cf", conf, "-lf", workspace.File("a.leases"), "--no-pid", "--listen", $"127.0.0.1:67"], Deadline);
        Assert.That(refused.ExitCode, Is.EqualTo(1));
        Assert.That(refused.ErrorLines, Is.EqualTo(new[] { "dhcpd: local-port 6767 in dhcpd.conf with --listen: give -p 6767 on the command line instead" }));

        // -p given: it wins over local-port, as in ISC, and the server serves on it.
        await using var dhcpd = DaemonProcess.Start(RepoLayout.Program("dhcpd"),
            ["-d", "-q", "-cf", conf, "-lf", workspace.File("b.leases"), "--no-pid", "-p", $"{port}", "--listen", $"127.0.0.1:{port}"],
            new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = workspace.Path });
        await dhcpd.WaitForLineAsync(Support.Dhcpd.Serving, Support.Dhcpd.StartTimeout);
        Assert.That(dhcpd.Lines, Does.Contain($"Listening on udp:127.0.0.1:{port} for relayed requests"));
    }
}
