using IPoIBDhcp.IntegrationTests.Support;
using IPoIBDhcp.Tests.Support;

namespace IPoIBDhcp.IntegrationTests.Dhcpd;

/// <summary>
/// <c>dhcpd</c> with no interface named (Debian's <c>INTERFACESv4=""</c>): as ISC dhcpd, it serves every interface with an
/// address in a declared subnet, says which, and gives ISC's lines for the others. Each test runs the real binary in
/// its own network namespace with a veth pair (198.18.0.0/15 only), so the interfaces it can see are the test's.
/// </summary>
[NonParallelizable]
public sealed class InterfaceDiscoveryTests
{
    private const string Config = """
        ddns-update-style none;
        subnet 198.18.30.0 netmask 255.255.255.0 {
          range 198.18.30.100 198.18.30.150;
        }
        subnet 198.18.40.0 netmask 255.255.255.0 {
          range 198.18.40.100 198.18.40.150;
        }
        """;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [SetUp]
    public void SetUp() => Prerequisites.RequireNetworkNamespaces();

    [Test]
    public async Task NoInterfaceNamed_ServesTheOnesInADeclaredSubnet_AndSaysWhich()
    {
        using var workspace = Workspace.Create();
        await using var pair = await VethPair.CreateAsync("198.18.30.1/24", "198.18.30.2/24");
        // A second link whose address is in no subnet: left out, with ISC's lines.
        await pair.Left.IpAsync("link", "add", "other0", "type", "veth", "peer", "name", "other0p");
        await pair.Left.IpAsync("addr", "add", "198.18.50.1/24", "dev", "other0");
        await pair.Left.IpAsync("link", "set", "other0", "up");
        await pair.Left.IpAsync("link", "set", "other0p", "up");

        await using var dhcpd = await Support.Dhcpd.StartInNamespaceAsync(pair.Left, workspace, workspace.Write("dhcpd.conf", Config), workspace.File("dhcpd.leases"));

        Assert.That(dhcpd.Lines, Does.Contain("No interface named: serving veth0 (198.18.30.1), the interfaces with an address in a declared subnet"));
        Assert.That(dhcpd.Lines, Has.Some.StartsWith("Listening on veth0 "));
        Assert.That(dhcpd.Lines, Does.Contain("No subnet declaration for other0 (198.18.50.1)."));
        // ISC 4.4.3 in the same setup: "No subnet declaration for oB (no IPv4 addresses)." for an address-less peer.
        Assert.That(dhcpd.Lines, Does.Contain("No subnet declaration for other0p (no IPv4 addresses)."));
        Assert.That(dhcpd.Lines, Has.None.StartsWith("Listening on other0"));
        Assert.That(dhcpd.Lines, Has.None.Contains(" lo "), "loopback is never served");
    }

    [Test]
    public async Task NoInterfaceInAnySubnet_IsIscsNotConfiguredLine()
    {
        using var workspace = Workspace.Create();
        await using var pair = await VethPair.CreateAsync("198.18.31.1/24", "198.18.31.2/24");
        await File.WriteAllTextAsync(workspace.File("dhcpd.leases"), "");
        await using var dhcpd = DaemonProcess.StartIn(pair.Left, RepoLayout.Program("dhcpd"),
            ["-d", "-q", "-cf", workspace.Write("dhcpd.conf", Config), "-lf", workspace.File("dhcpd.leases"), "--no-pid"],
            new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = workspace.Path });

        Assert.That(await dhcpd.WaitForExitAsync(Timeout), Is.True, dhcpd.Output);
        Assert.That(dhcpd.ExitCode, Is.EqualTo(1));
        Assert.That(dhcpd.Lines, Does.Contain("No subnet declaration for veth0 (198.18.31.1)."));
        Assert.That(dhcpd.Lines[^1], Is.EqualTo("Not configured to listen on any interfaces!"));
    }
}
