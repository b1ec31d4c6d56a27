using System.Net;
using System.Text.RegularExpressions;
using IPoIBDhcp.InteropTests.Peers;
using IPoIBDhcp.Tests.Support;

namespace IPoIBDhcp.InteropTests.Matrix;

/// <summary>
/// Matrix row 4: our dhclient with IPoIB framing (htype 32, hlen 0, empty chaddr, broadcast flag, FlexBoot's
/// client identifier) on the emulated fabric, relayed to ISC dhcpd 4.4 and to Kea 2.2 running in containers:
/// both reference servers lease to our IPoIB requests, keyed by option 61 alone, and our client takes their
/// relayed replies. Topology: fabric (198.18.4.0/24, relay = 198.18.4.1) ⇄ relay in a test namespace
/// (198.18.1.2) ⇄ veth ⇄ server container (198.18.1.1, route to 198.18.4.0/24 via the relay).
/// </summary>
[TestFixture]
[NonParallelizable]
[Category("Interop")]
public sealed partial class RelayedIPoIBClientTests : MatrixRow
{
    // FlexBoot's ConnectX form for node001's port GUID 0002:c903:0000:1001 (our dhclient's default on IPoIB).
    private const string Node001ClientId = "ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:00:10:01";
    private static readonly IPAddress Gateway = IPAddress.Parse("198.18.4.1");

    [Test]
    [Property("Peer", "ISC dhcpd")]
    [Property("Direction", "the peer serves our dhclient")]
    [Property("Framing", "IPoIB (fabric, relayed)")]
    public async Task Our_ipoib_dhclient_gets_a_relayed_lease_from_isc_dhcpd()
    {
        await File.WriteAllTextAsync(Path.Combine(WorkDirectory, "dhcpd.conf"),
            "authoritative;\nping-check false;\nddns-update-style none;\n" +
            "default-lease-time 900;\nmax-lease-time 900;\n" +
            "subnet 198.18.1.0 netmask 255.255.255.0 { }\n" +
            "subnet 198.18.4.0 netmask 255.255.255.0 {\n" +
            "  range 198.18.4.100 198.18.4.150;\n" +
            "  option routers 198.18.4.1;\n" +
            "}\n");
        string lease = await RunAsync(
            "touch /w/isc.leases && exec dhcpd -4 -f -d -cf /w/dhcpd.conf -lf /w/isc.leases -pf /w/dhcpd.pid eth1",
            async (address, serverLog) =>
            {
                Assert.That(serverLog, Does.Contain($"DHCPACK on {address} to"));
                Assert.That(serverLog, Does.Contain("via 198.18.4.1"));
                string iscLeases = await File.ReadAllTextAsync(Path.Combine(WorkDirectory, "isc.leases"));
                Assert.That(iscLeases, Does.Contain($"lease {address} {{"));
                Assert.That(iscLeases, Does.Contain("uid \"\\377\\000\\000\\000\\000\\000\\002\\000\\000\\002\\311\\000\\000\\002\\311\\003\\000\\000\\020\\001\";"));
            });
        Assert.That(lease, Does.Contain("option dhcp-lease-time 900;"));
    }

    [Test]
    [Property("Peer", "Kea dhcp4")]
    [Property("Direction", "the peer serves our dhclient")]
    [Property("Framing", "IPoIB (fabric, relayed)")]
    public async Task Our_ipoib_dhclient_gets_a_relayed_lease_from_kea()
    {
        await File.WriteAllTextAsync(Path.Combine(WorkDirectory, "kea.json"), """
            { "Dhcp4": {
                "interfaces-config": { "interfaces": [ "eth1" ], "dhcp-socket-type": "udp" },
                "lease-database": { "type": "memfile", "persist": true, "name": "/w/kea-leases4.csv", "lfc-interval": 0 },
                "valid-lifetime": 900,
                "subnet4": [ {
                    "id": 4, "subnet": "198.18.4.0/24",
                    "pools": [ { "pool": "198.18.4.100 - 198.18.4.150" } ],
                    "option-data": [ { "name": "routers", "data": "198.18.4.1" } ]
                } ],
                "loggers": [ { "name": "kea-dhcp4", "output_options": [ { "output": "stdout" } ], "severity": "INFO" } ]
            } }
            """);
        string lease = await RunAsync(
            "export KEA_PIDFILE_DIR=/w KEA_LOCKFILE_DIR=/w && exec kea-dhcp4 -c /w/kea.json",
            async (address, serverLog) =>
            {
                Assert.That(serverLog, Does.Contain($"lease {address} has been allocated for 900 seconds"));
                Assert.That(serverLog, Does.Contain($"cid=[{Node001ClientId}]"));
                string keaLeases = await File.ReadAllTextAsync(Path.Combine(WorkDirectory, "kea-leases4.csv"));
                Assert.That(keaLeases, Does.Contain($"{address},"));
                Assert.That(keaLeases, Does.Contain(Node001ClientId));
            });
        Assert.That(lease, Does.Contain("option dhcp-lease-time 900;"));
    }

    /// <summary>Runs the topology with <paramref name="serverCommand"/> in the container; returns our lease.</summary>
    private async Task<string> RunAsync(string serverCommand, Func<string, string, Task> checkServer)
    {
        await using NetworkNamespace relaySide = await NetworkNamespace.CreateAsync();
        await using PeerContainer server = await PeerContainer.StartAsync(WorkDirectory,
            "ip addr add 198.18.1.1/24 dev eth1 && ip route add 198.18.4.0/24 via 198.18.1.2 dev eth1 && " + serverCommand);
        await server.LinkAsync(relaySide, "veth0", "198.18.1.2/24");
        await relaySide.IpAsync("addr", "add", "198.18.4.1/32", "dev", "veth0");
        await using FabricRelay relay = await FabricRelay.StartAsync(relaySide, Gateway, new IPEndPoint(IPAddress.Parse("198.18.1.1"), 67));
        await using BackgroundProcess dhclient = await OurClient.StartOnFabricAsync(relay, "node001", WorkDirectory);

        string lease = await Eventually.WaitAsync(
            () => Eventually.FileContainingAsync(OurClient.LeaseFile(WorkDirectory, "node001"), "fixed-address"),
            TimeSpan.FromSeconds(40), "our dhclient's relayed lease",
            async () => $"relay: {relay.Requests} requests, {relay.Replies} replies\nour dhclient:\n{dhclient.Output}\nserver:\n{await server.LogsAsync()}");

        string address = FixedAddress().Match(lease).Groups[1].Value;
        string serverLog = await server.LogsAsync();
        await TestContext.Out.WriteLineAsync($"our lease:\n{lease}\nserver:\n{serverLog}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(address, Does.StartWith("198.18.4."));
            Assert.That(lease, Does.Contain("interface \"ib0\";"));
            Assert.That(lease, Does.Contain($"option dhcp-client-identifier {Node001ClientId};"));
            Assert.That(lease, Does.Contain("option dhcp-server-identifier 198.18.1.1;"));
            Assert.That(lease, Does.Contain("option routers 198.18.4.1;"));
            Assert.That(relay.Requests, Is.GreaterThanOrEqualTo(2), "DISCOVER and REQUEST relayed");
            Assert.That(relay.Replies, Is.GreaterThanOrEqualTo(2), "OFFER and ACK relayed back");
            await checkServer(address, serverLog);
        }

        return lease;
    }

    [GeneratedRegex(@"fixed-address ([0-9.]+);")]
    private static partial Regex FixedAddress();
}
