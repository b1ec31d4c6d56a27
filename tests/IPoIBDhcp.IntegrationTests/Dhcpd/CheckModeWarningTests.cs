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
}
