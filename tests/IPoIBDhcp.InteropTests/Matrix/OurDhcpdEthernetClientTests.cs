using System.Text.RegularExpressions;
using IPoIBDhcp.InteropTests.Peers;
using IPoIBDhcp.Tests.Support;

namespace IPoIBDhcp.InteropTests.Matrix;

/// <summary>
/// Matrix rows 1 and 2: stock Ethernet clients (ISC dhclient 4.4, busybox udhcpc) in a container get a lease
/// from our dhcpd across a veth pair: our packet-socket framing, broadcast replies and option encoding are what
/// two independent client implementations accept.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category("Interop")]
public sealed partial class OurDhcpdEthernetClientTests : MatrixRow
{
    private const string ClientMac = "02:18:00:00:01:01";
    private const string ServerConfig =
        "authoritative;\n" +
        "default-lease-time 600;\nmax-lease-time 600;\n" +
        "subnet 198.18.0.0 netmask 255.255.255.0 {\n" +
        "  range 198.18.0.100 198.18.0.150;\n" +
        "  option routers 198.18.0.1;\n" +
        "  option domain-name \"interop.example\";\n" +
        "}\n";

    [SetUp]
    public async Task SetUp()
    {
        await File.WriteAllTextAsync(Path.Combine(WorkDirectory, "dhcpd.conf"), ServerConfig);
    }

    [Test]
    [Property("Peer", "ISC dhclient")]
    [Property("Direction", "our dhcpd serves the peer")]
    [Property("Framing", "Ethernet (veth)")]
    public async Task Isc_dhclient_gets_a_lease_from_our_dhcpd()
    {
        await File.WriteAllTextAsync(Path.Combine(WorkDirectory, "dhclient.conf"),
            "timeout 30;\ninitial-interval 1;\nrequest subnet-mask, routers, domain-name;\n");
        await using NetworkNamespace server = await NetworkNamespace.CreateAsync();
        await using PeerContainer client = await PeerContainer.StartAsync(WorkDirectory,
            "exec dhclient -4 -d -v -1 -sf /bin/true -cf /w/dhclient.conf -lf /w/dhclient.leases -pf /w/dhclient.pid eth1");
        await client.LinkAsync(server, "veth0", "198.18.0.1/24", ClientMac);
        BackgroundProcess dhcpd = await OurServer.StartAsync(server, Path.Combine(WorkDirectory, "dhcpd.conf"), Path.Combine(WorkDirectory, "dhcpd.leases"), "veth0");

        string lease = await Eventually.WaitAsync(
            () => Eventually.FileContainingAsync(Path.Combine(WorkDirectory, "dhclient.leases"), "fixed-address"),
            TimeSpan.FromSeconds(40), "ISC dhclient's lease", async () => $"dhclient:\n{await client.LogsAsync()}\nour dhcpd:\n{dhcpd.Output}");

        string address = FixedAddress().Match(lease).Groups[1].Value;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(address, Does.StartWith("198.18.0."));
            Assert.That(lease, Does.Contain("option dhcp-server-identifier 198.18.0.1;"));
            Assert.That(lease, Does.Contain("option subnet-mask 255.255.255.0;"));
            Assert.That(lease, Does.Contain("option routers 198.18.0.1;"));
            Assert.That(lease, Does.Contain("option domain-name \"interop.example\";"));
            Assert.That(lease, Does.Contain("option dhcp-lease-time 600;"));
            Assert.That(dhcpd.Output, Does.Contain($"DHCPACK on {address} to {ClientMac} via veth0"));
            Assert.That(await client.LogsAsync(), Does.Contain($"DHCPACK of {address} from 198.18.0.1"));
        }
    }

    [Test]
    [Property("Peer", "busybox udhcpc")]
    [Property("Direction", "our dhcpd serves the peer")]
    [Property("Framing", "Ethernet (veth)")]
    public async Task Busybox_udhcpc_gets_a_lease_from_our_dhcpd()
    {
        // udhcpc hands the lease to its script: ours writes what it was given to a file.
        string script = Path.Combine(WorkDirectory, "udhcpc.sh");
        await File.WriteAllTextAsync(script,
            "#!/bin/sh\n[ \"$1\" = bound ] && echo \"ip=$ip subnet=$subnet router=$router serverid=$serverid lease=$lease domain=$domain\" > /w/bound\nexit 0\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await using NetworkNamespace server = await NetworkNamespace.CreateAsync();
        await using PeerContainer client = await PeerContainer.StartAsync(WorkDirectory,
            "exec busybox udhcpc -f -q -n -t 10 -T 2 -i eth1 -s /w/udhcpc.sh");
        await client.LinkAsync(server, "veth0", "198.18.0.1/24", ClientMac);
        BackgroundProcess dhcpd = await OurServer.StartAsync(server, Path.Combine(WorkDirectory, "dhcpd.conf"), Path.Combine(WorkDirectory, "dhcpd.leases"), "veth0");

        string bound = await Eventually.WaitAsync(
            () => Eventually.FileContainingAsync(Path.Combine(WorkDirectory, "bound"), "ip="),
            TimeSpan.FromSeconds(40), "udhcpc's bound event", async () => $"udhcpc:\n{await client.LogsAsync()}\nour dhcpd:\n{dhcpd.Output}");

        string address = BoundAddress().Match(bound).Groups[1].Value;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(address, Does.StartWith("198.18.0."));
            Assert.That(bound, Does.Contain("subnet=255.255.255.0 router=198.18.0.1 serverid=198.18.0.1 lease=600 domain=interop.example"));
            Assert.That(dhcpd.Output, Does.Contain($"DHCPACK on {address} to {ClientMac} via veth0"));
            Assert.That(await client.WaitForExitAsync(TimeSpan.FromSeconds(10)), Is.Zero, await client.LogsAsync());
        }
    }

    [GeneratedRegex(@"fixed-address ([0-9.]+);")]
    private static partial Regex FixedAddress();

    [GeneratedRegex(@"ip=([0-9.]+) ")]
    private static partial Regex BoundAddress();
}
