using IPoIBDhcp.IntegrationTests.Support;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.IntegrationTests.Dhclient;

/// <summary>
/// The real dhclient, configured with the seed's ConnectX dhclient.conf (conf-examples/dhclient-connectx.conf, for
/// ib1, sending FlexBoot's client identifier for port GUID 0002:c903:0000:1039), against the real dhcpd over the
/// emulated fabric, with 8-second leases so that every state of RFC 2131 section 4.4 comes round in seconds. The
/// recording dhclient-script shows what a node's network configuration would have been told.
/// </summary>
public sealed class DhclientLifecycleTests
{
    private const string ClientHost = "cx1039";

    // The test node carries the seed file's HCA on ib1; head2 is a second server on ib0 with another address.
    private const string ExtraHosts = """
        host cx1039 { port ib1 guid 0002:c903:0000:1039; }
        host head2 {
            port ib0 guid 0002:c903:0000:0003 mtu 4096;
            address ib0 198.18.0.2;
        }
        """;

    private const string ServerConfig = """
        authoritative;
        ddns-update-style none;
        default-lease-time 8;
        min-lease-time 4;
        max-lease-time 8;
        option domain-name-servers 198.18.0.1;
        option root-path "198.18.0.1:/srv/nfsroot";

        subnet 198.18.0.0 netmask 255.255.240.0 {
          option routers 198.18.0.1;
          option broadcast-address 198.18.15.255;
          option interface-mtu 4092;
          range 198.18.1.10 198.18.1.20;
        }

        # The seed's ConnectX node, known by the identifier its FlexBoot ROM (and dhclient-connectx.conf) sends.
        host cx1039 {
          option dhcp-client-identifier ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:00:10:39;
          option host-name "cx1039";
        }
        """;

    private const string ConnectXId = "ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:00:10:39";
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(25);

    /// <summary>dhclient.conf: fast retransmission and the options the script must see, then the seed file verbatim.</summary>
    private static string ClientConfig(int timeout) => $"""
        timeout {timeout};
        initial-interval 1;
        backoff-cutoff 2;
        request subnet-mask, broadcast-address, routers, domain-name, domain-name-servers,
                host-name, root-path, interface-mtu;

        {File.ReadAllText(Path.Combine(RepoLayout.ConfExamples, "dhclient-connectx.conf"))}
        """;

    [Test]
    public async Task Bound_Renew_Rebind_Expire_Reboot()
    {
        using var workspace = Workspace.Create();
        var fabric = TestFabric.Create(workspace, extraHosts: ExtraHosts);
        string serverConfig = workspace.Write("dhcpd.conf", ServerConfig);
        string serverLeases = workspace.File("dhcpd.leases");
        string clientConfig = workspace.Write("dhclient.conf", ClientConfig(timeout: 30));
        var script = ScriptLog.Create(workspace);
        var processes = new List<DaemonProcess>();
        try
        {
            var head = await Start(processes, Support.Dhcpd.StartOnFabricAsync(fabric, serverConfig, serverLeases, "head", ["ib0"]));
            var client = Track(processes, StartClient(fabric, workspace, clientConfig, script));

            // BOUND: every variable a node's network setup needs.
            var bound = await script.WaitForAsync("BOUND", StateTimeout, client);
            string address = bound["new_ip_address"] ?? "";
            Assert.That(IPv4Address.Parse(address), Is.InRange(IPv4Address.Parse("198.18.1.10"), IPv4Address.Parse("198.18.1.20")), bound.ToString());
            AssertLease(bound, "new_", address, server: "198.18.0.1");
            await head.WaitForLineAsync($"DHCPACK on {address} to {ConnectXId} (guid 0002:c903:0000:1039) via ib0", StateTimeout);

            // RENEW at T1 (4 s): unicast to the server that gave the lease; old_* describe the lease being renewed.
            var renew = await script.WaitForAsync("RENEW", StateTimeout, client);
            AssertLease(renew, "new_", address, server: "198.18.0.1");
            AssertLease(renew, "old_", address, server: "198.18.0.1");

            // REBIND at T2: the server that leased the address is gone (its unicast finds nobody); another server,
            // sharing the lease file, answers the broadcast.
            await head.KillAsync();
            var head2 = await Start(processes, Support.Dhcpd.StartOnFabricAsync(fabric, serverConfig, serverLeases, "head2", ["ib0"]));
            var rebind = await script.WaitForAsync("REBIND", StateTimeout, client);
            AssertLease(rebind, "new_", address, server: "198.18.0.2");
            Assert.That(rebind["old_dhcp_server_identifier"], Is.EqualTo("198.18.0.1"), rebind.ToString());
            Assert.That(rebind["old_ip_address"], Is.EqualTo(address));
            Assert.That(head2.Count($"DHCPREQUEST for {address} from"), Is.GreaterThanOrEqualTo(1), "the REBINDING request (ciaddr, no server id)");

            // EXPIRE: no server at all past the lease's end; the script is told to drop the address.
            await head2.KillAsync();
            var expire = await script.WaitForAsync("EXPIRE", StateTimeout, client);
            Assert.That(expire["old_ip_address"], Is.EqualTo(address), expire.ToString());
            Assert.That(expire["new_ip_address"], Is.Null, "nothing new on EXPIRE");

            // A server returns: the client, back in INIT, binds afresh.
            await Start(processes, Support.Dhcpd.StartOnFabricAsync(fabric, serverConfig, serverLeases, "head", ["ib0"]));
            var rebound = await script.WaitForAsync("BOUND", StateTimeout, client, occurrence: 2);
            string address2 = rebound["new_ip_address"] ?? "";
            AssertLease(rebound, "new_", address2, server: "198.18.0.1");

            // REBOOT: a restarted dhclient with the saved lease (unexpired) goes through INIT-REBOOT and keeps it.
            await client.KillAsync();
            var restarted = Track(processes, StartClient(fabric, workspace, clientConfig, script));
            var reboot = await script.WaitForAsync("REBOOT", StateTimeout, restarted);
            AssertLease(reboot, "new_", address2, server: "198.18.0.1");
            Assert.That(restarted.Lines, Has.Some.Contains("DHCPREQUEST for " + address2), "INIT-REBOOT, not a DISCOVER");
            Assert.That(restarted.Count("DHCPDISCOVER"), Is.EqualTo(0));

            TestContext.Out.WriteLine(string.Join('\n', script.Runs().Select(r => r.Reason)));
        }
        finally
        {
            foreach (var process in processes)
                await process.DisposeAsync();
            if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
                foreach (var process in processes)
                    TestContext.Out.WriteLine($"--- {process.Name}:\n{process.Output}");
        }
    }

    [Test]
    public async Task BindsThrough30PercentLoss_ByRetransmitting()
    {
        using var workspace = Workspace.Create();
        // Every port of every process (dhcpd's included) loses 30% of the frames it sends, from a fixed seed.
        var fabric = TestFabric.Create(workspace, extraHosts: ExtraHosts, faults: "loss 0.3 seed 7");
        string serverConfig = workspace.Write("dhcpd.conf", ServerConfig);
        string clientConfig = workspace.Write("dhclient.conf", ClientConfig(timeout: 30));
        var script = ScriptLog.Create(workspace);
        var processes = new List<DaemonProcess>();
        try
        {
            await Start(processes, Support.Dhcpd.StartOnFabricAsync(fabric, serverConfig, workspace.File("dhcpd.leases"), "head", ["ib0"]));
            var client = Track(processes, StartClient(fabric, workspace, clientConfig, script, oneTry: true));

            var bound = await script.WaitForAsync("BOUND", TimeSpan.FromSeconds(40), client);
            AssertLease(bound, "new_", bound["new_ip_address"] ?? "", server: "198.18.0.1");
            int sends = client.Count("DHCPDISCOVER on") + client.Count("DHCPREQUEST for");
            TestContext.Out.WriteLine($"bound after {sends} DISCOVER/REQUEST transmissions:\n{client.Output}");
            Assert.That(sends, Is.GreaterThan(2), "some frames were lost and retransmitted");
        }
        finally
        {
            foreach (var process in processes)
                await process.DisposeAsync();
        }
    }

    [Test]
    public async Task OneTry_WithoutServer_ExitsTwoAfterTheTimeout()
    {
        using var workspace = Workspace.Create();
        var fabric = TestFabric.Create(workspace, extraHosts: ExtraHosts);
        string clientConfig = workspace.Write("dhclient.conf", ClientConfig(timeout: 5));
        var script = ScriptLog.Create(workspace);
        await using var client = StartClient(fabric, workspace, clientConfig, script, oneTry: true);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        bool exited = await client.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.That(exited, Is.True, $"dhclient -1 still running after 30 s:\n{client.Output}");
        Assert.That(client.ExitCode, Is.EqualTo(2), client.Output);
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(4.5)), "it tried for 'timeout 5' seconds");
        Assert.That(client.Lines, Has.Some.Contains("No DHCPOFFERS received."));
        Assert.That(client.Lines, Has.Some.Contains("Unable to obtain a lease on first try.  Exiting."));
        Assert.That(script.Runs().Select(r => r.Reason), Does.Contain("FAIL").Or.Not.Contain("BOUND"));
    }

    private static DaemonProcess StartClient(TestFabric fabric, Workspace workspace, string config, ScriptLog script, bool oneTry = false)
    {
        string[] arguments =
        [
            "-d", "-v", .. oneTry ? new[] { "-1" } : [], "--fabric", fabric.ConfigPath, "-cf", config,
            "-lf", workspace.File("dhclient.leases"), "-sf", script.ScriptPath, "--no-pid", "ib1",
        ];
        return DaemonProcess.Start(RepoLayout.Program("dhclient"), arguments, fabric.EnvironmentFor(ClientHost));
    }

    private static DaemonProcess Track(List<DaemonProcess> processes, DaemonProcess process)
    {
        processes.Add(process);
        return process;
    }

    private static async Task<DaemonProcess> Start(List<DaemonProcess> processes, Task<DaemonProcess> starting) => Track(processes, await starting);

    private static void AssertLease(ScriptRun run, string prefix, string address, string server)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run[prefix + "ip_address"], Is.EqualTo(address), run.ToString());
            Assert.That(run[prefix + "subnet_mask"], Is.EqualTo("255.255.240.0"));
            Assert.That(run[prefix + "broadcast_address"], Is.EqualTo("198.18.15.255"));
            Assert.That(run[prefix + "network_number"], Is.EqualTo("198.18.0.0"));
            Assert.That(run[prefix + "routers"], Is.EqualTo("198.18.0.1"));
            Assert.That(run[prefix + "domain_name_servers"], Is.EqualTo("198.18.0.1"));
            Assert.That(run[prefix + "interface_mtu"], Is.EqualTo("4092"));
            Assert.That(run[prefix + "dhcp_lease_time"], Is.EqualTo("8"));
            Assert.That(run[prefix + "dhcp_server_identifier"], Is.EqualTo(server));
            Assert.That(run[prefix + "host_name"], Is.EqualTo("cx1039"));
            Assert.That(run[prefix + "root_path"], Is.EqualTo("198.18.0.1:/srv/nfsroot"));
        }
    }
}
