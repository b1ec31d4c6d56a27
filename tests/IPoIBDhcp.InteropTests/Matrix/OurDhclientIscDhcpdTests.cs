using System.Text.RegularExpressions;
using IPoIBDhcp.InteropTests.Peers;
using IPoIBDhcp.Tests.Support;

namespace IPoIBDhcp.InteropTests.Matrix;

/// <summary>
/// Matrix row 3: our dhclient, on its own packet sockets (Ethernet framing on a veth), gets a lease from
/// ISC dhcpd 4.4 running in a container on the other end: what we send is what the reference server answers,
/// and we parse and record its answer.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category("Interop")]
public sealed partial class OurDhclientIscDhcpdTests : MatrixRow
{
    private const string ClientMac = "02:18:00:00:03:01";

    [Test]
    [Property("Peer", "ISC dhcpd")]
    [Property("Direction", "the peer serves our dhclient")]
    [Property("Framing", "Ethernet (veth)")]
    public async Task Our_dhclient_gets_a_lease_from_isc_dhcpd()
    {
        await File.WriteAllTextAsync(Path.Combine(WorkDirectory, "dhcpd.conf"),
            "authoritative;\nping-check false;\nddns-update-style none;\n" +
            "default-lease-time 900;\nmax-lease-time 900;\n" +
            "subnet 198.18.0.0 netmask 255.255.255.0 {\n" +
            "  range 198.18.0.100 198.18.0.150;\n" +
            "  option routers 198.18.0.1;\n" +
            "  option domain-name \"isc.example\";\n" +
            "}\n");
        await File.WriteAllTextAsync(Path.Combine(WorkDirectory, "dhclient.conf"),
            "timeout 30;\ninitial-interval 1;\nbackoff-cutoff 2;\nrequest subnet-mask, routers, domain-name;\n");
        string leases = Path.Combine(WorkDirectory, "dhclient.leases");

        await using NetworkNamespace clientSide = await NetworkNamespace.CreateAsync();
        await using PeerContainer server = await PeerContainer.StartAsync(WorkDirectory,
            "ip addr add 198.18.0.1/24 dev eth1 && touch /w/isc.leases && " +
            "exec dhcpd -4 -f -d -cf /w/dhcpd.conf -lf /w/isc.leases -pf /w/dhcpd.pid eth1");
        await server.LinkAsync(clientSide, "veth0", null, hostMac: ClientMac);
        await using BackgroundProcess dhclient = clientSide.StartProcess(OurPrograms.Dhclient,
            "-d", "-v", "-1", "-cf", Path.Combine(WorkDirectory, "dhclient.conf"), "-lf", leases, "-sf", "/bin/true", "--no-pid", "veth0");

        string lease = await Eventually.WaitAsync(
            () => Eventually.FileContainingAsync(leases, "fixed-address"),
            TimeSpan.FromSeconds(40), "our dhclient's lease", async () => $"our dhclient:\n{dhclient.Output}\nISC dhcpd:\n{await server.LogsAsync()}");

        string address = FixedAddress().Match(lease).Groups[1].Value;
        string serverLog = await server.LogsAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(address, Does.StartWith("198.18.0."));
            Assert.That(lease, Does.Contain("option dhcp-server-identifier 198.18.0.1;"));
            Assert.That(lease, Does.Contain("option subnet-mask 255.255.255.0;"));
            Assert.That(lease, Does.Contain("option routers 198.18.0.1;"));
            Assert.That(lease, Does.Contain("option domain-name \"isc.example\";"));
            Assert.That(lease, Does.Contain("option dhcp-lease-time 900;"));
            Assert.That(serverLog, Does.Contain($"DHCPACK on {address} to {ClientMac}"));
        }
    }

    [GeneratedRegex(@"fixed-address ([0-9.]+);")]
    private static partial Regex FixedAddress();
}
