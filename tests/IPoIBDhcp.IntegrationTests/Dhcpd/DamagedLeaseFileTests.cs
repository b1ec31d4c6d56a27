using IPoIBDhcp.IntegrationTests.Support;
using IPoIBDhcp.Server.Leases.IscFile;

namespace IPoIBDhcp.IntegrationTests.Dhcpd;

/// <summary>
/// The real dhcpd started on a dhcpd.leases with damage in the middle (issue 13's reproduction): every intact lease
/// stays in the file, the original is kept as dhcpd.leases~, and the log says what was skipped, where and how much.
/// </summary>
public sealed class DamagedLeaseFileTests
{
    private const string Config = "subnet 198.18.8.0 netmask 255.255.255.0 { range 198.18.8.10 198.18.8.250; }\nsubnet 127.0.0.0 netmask 255.0.0.0 { }\n";

    private static string Record(string address, int uid) =>
        $"lease {address} {{ starts 3 2025/01/01 00:00:00; ends 4 2037/01/01 00:00:00; binding state active; uid \"\\001\\002\\{uid:D3}\"; }}\n";

    [Test]
    public async Task TheIssueReproduction_AllThreeLeasesSurvive_OriginalKept_SkipLogged()
    {
        using var workspace = Workspace.Create();
        string original = Record("198.18.8.20", 3) + "garbage {\n" + Record("198.18.8.21", 4) + Record("198.18.8.22", 5);
        string leases = workspace.Write("dhcpd.leases", original);
        int port = LoopbackPorts.PickFree();

        string[] log;
        await using (var dhcpd = await Support.Dhcpd.StartRelayedAsync(workspace, workspace.Write("dhcpd.conf", Config), leases, port))
        {
            log = dhcpd.Lines;
        }

        var kept = new IscLeaseFileReader().ReadFile(leases);
        Assert.That(kept.Diagnostics, Is.Empty, "the rewritten file is clean");
        Assert.That(kept.Leases.Select(l => l.Address.ToString()), Is.EquivalentTo(new[] { "198.18.8.20", "198.18.8.21", "198.18.8.22" }));
        Assert.That(await File.ReadAllTextAsync(leases + "~"), Is.EqualTo(original), "the original bytes, beside it");
        Assert.That(log, Has.Some.EndsWith($"{leases}:2:1: damaged data skipped (10 bytes): '{{' is never closed before the next record"));
        Assert.That(log, Has.Some.EndsWith($"{leases}: 10 damaged bytes in 1 region(s) left out of the rewritten file; every intact lease kept; the original is kept as {leases}~"));
    }

    [Test]
    public async Task ALeaseOutsideEverySubnet_IsLoggedAsIsc_AndStaysInTheFile()
    {
        using var workspace = Workspace.Create();
        string original = Record("198.18.8.20", 3) + Record("10.99.0.5", 6);
        string leases = workspace.Write("dhcpd.leases", original);
        int port = LoopbackPorts.PickFree();

        string[] log;
        await using (var dhcpd = await Support.Dhcpd.StartRelayedAsync(workspace, workspace.Write("dhcpd.conf", Config), leases, port))
        {
            log = dhcpd.Lines;
        }

        Assert.That(log, Has.Some.EndsWith("lease 10.99.0.5: no subnet."));
        Assert.That(log, Has.Some.EndsWith("Wrote 1 leases to leases file."), "ISC counts only the leases it serves");
        Assert.That(new IscLeaseFileReader().ReadFile(leases).Leases.Select(l => l.Address.ToString()),
            Is.EquivalentTo(new[] { "198.18.8.20", "10.99.0.5" }));
    }
}
