using System.Text.RegularExpressions;
using IPoIBDhcp.InteropTests.Peers;
using IPoIBDhcp.Tests.Support;

namespace IPoIBDhcp.InteropTests.Matrix;

/// <summary>
/// Matrix row 6: lease-file compatibility both ways, the migration path from ISC dhcpd. ISC dhcpd leases to
/// two ISC dhclients (A then B: .100 and .101); our dhcpd then takes over that dhcpd.leases, and client B,
/// asking afresh with no memory of its lease, gets .101 again from us (a server that ignored the file would
/// hand out the lowest free address, .100). Finally ISC <c>dhcpd -T</c> accepts the lease file as ours left it.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category("Interop")]
public sealed partial class LeaseFileTests : MatrixRow
{
    private const string ServerMac = "02:18:00:00:06:01";
    private const string ClientA = "02:18:00:00:06:0a";
    private const string ClientB = "02:18:00:00:06:0b";

    [SetUp]
    public async Task SetUp()
    {
        await File.WriteAllTextAsync(Path.Combine(WorkDirectory, "dhcpd.conf"),
            "authoritative;\nping-check false;\nddns-update-style none;\n" +
            "default-lease-time 3600;\nmax-lease-time 3600;\n" +
            "subnet 198.18.0.0 netmask 255.255.255.0 {\n  range 198.18.0.100 198.18.0.150;\n}\n");
        await File.WriteAllTextAsync(Path.Combine(WorkDirectory, "dhclient.conf"), "timeout 30;\ninitial-interval 1;\n");
    }

    [Test]
    [Property("Peer", "ISC dhcpd")]
    [Property("Direction", "lease file ISC → ours → ISC")]
    [Property("Framing", "Ethernet (veth)")]
    public async Task Our_dhcpd_keeps_isc_bindings_and_isc_accepts_our_lease_file()
    {
        // 1. ISC dhcpd leases to A, then to B (one ISC dhclient container changing its MAC between the two, so that
        //    the server's link stays up), and records both in its dhcpd.leases.
        await using (PeerContainer isc = await PeerContainer.StartAsync(WorkDirectory,
            "ip addr add 198.18.0.1/24 dev eth1 && touch /w/isc.leases && " +
            "exec dhcpd -4 -f -d -cf /w/dhcpd.conf -lf /w/isc.leases -pf /w/dhcpd.pid eth1"))
        {
            await using PeerContainer clients = await PeerContainer.StartAsync(WorkDirectory,
                IscClientOnce("a") + " && ip link set eth1 down && ip link set eth1 address " + ClientB + " && ip link set eth1 up && " +
                IscClientOnce("b") + " && echo ok > /w/clients.done");
            await isc.LinkAsync(clients, ServerMac, ClientA);
            await Eventually.WaitAsync(
                () => Eventually.FileContainingAsync(Path.Combine(WorkDirectory, "clients.done"), "ok"),
                TimeSpan.FromSeconds(60), "two ISC dhclient leases from ISC dhcpd",
                async () => $"dhclients:\n{await clients.LogsAsync()}\nISC dhcpd:\n{await isc.LogsAsync()}");
        }

        string addressA = FixedAddress().Match(await File.ReadAllTextAsync(Path.Combine(WorkDirectory, "a.leases"))).Groups[1].Value;
        string addressB = FixedAddress().Match(await File.ReadAllTextAsync(Path.Combine(WorkDirectory, "b.leases"))).Groups[1].Value;
        string iscLeases = await File.ReadAllTextAsync(Path.Combine(WorkDirectory, "isc.leases"));
        Assert.That(iscLeases, Does.Contain($"hardware ethernet {ClientB};"));
        Assert.That(addressB, Is.Not.EqualTo(addressA));
        string lowest = string.CompareOrdinal(addressA, addressB) < 0 ? addressA : addressB;
        string kept = lowest == addressA ? addressB : addressA;
        string keptMac = kept == addressA ? ClientA : ClientB;

        // 2. Our dhcpd takes over ISC's file; the client holding the higher address asks again from scratch.
        string ours = Path.Combine(WorkDirectory, "ours.leases");
        File.Copy(Path.Combine(WorkDirectory, "isc.leases"), ours);
        await using (NetworkNamespace server = await NetworkNamespace.CreateAsync())
        {
            await using PeerContainer client = await PeerContainer.StartAsync(WorkDirectory,
                "exec dhclient -4 -d -v -1 -sf /bin/true -cf /w/dhclient.conf -lf /w/again.leases -pf /w/again.pid eth1");
            await client.LinkAsync(server, "veth0", "198.18.0.1/24", keptMac, ServerMac);
            BackgroundProcess dhcpd = await OurServer.StartAsync(server, Path.Combine(WorkDirectory, "dhcpd.conf"), ours, "veth0");
            string lease = await Eventually.WaitAsync(
                () => Eventually.FileContainingAsync(Path.Combine(WorkDirectory, "again.leases"), "fixed-address"),
                TimeSpan.FromSeconds(40), "ISC dhclient's lease from our dhcpd",
                async () => $"dhclient:\n{await client.LogsAsync()}\nour dhcpd:\n{dhcpd.Output}");
            await TestContext.Out.WriteLineAsync($"ISC's leases:\n{iscLeases}\nour dhcpd:\n{dhcpd.Output}");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(FixedAddress().Match(lease).Groups[1].Value, Is.EqualTo(kept), $"not {lowest}: ISC's binding kept");
                Assert.That(dhcpd.Output, Does.Contain($"DHCPACK on {kept} to {keptMac} via veth0"));
            }
        }

        // 3. ISC dhcpd -T accepts the lease file as our dhcpd left it.
        string oursText = await File.ReadAllTextAsync(ours);
        await TestContext.Out.WriteLineAsync($"our lease file:\n{oursText}");
        await using PeerContainer check = await PeerContainer.StartUnlinkedAsync(WorkDirectory,
            "exec dhcpd -4 -T -cf /w/dhcpd.conf -lf /w/ours.leases");
        long exit = await check.WaitForExitAsync(TimeSpan.FromSeconds(30));
        string output = await check.LogsAsync();
        using (Assert.EnterMultipleScope())
        {
            // dhcpd -T exits 0 even on a corrupt file ("line N: …", "Corrupt lease file", "Wrote 0 leases"):
            // what it says is what counts.
            Assert.That(exit, Is.Zero, output);
            Assert.That(output, Does.Not.Contain(" line "), "ISC reports no lease-file error");
            Assert.That(output, Does.Not.Contain("orrupt"));
            Assert.That(output, Does.Contain("Wrote 2 leases to leases file."), "both bindings read back");
            Assert.That(oursText, Does.Contain($"lease {kept} {{"));
        }
    }

    /// <summary>ISC dhclient until bound (it then goes to the background), then stopped without a release.</summary>
    private static string IscClientOnce(string name) =>
        $"dhclient -4 -1 -v -sf /bin/true -cf /w/dhclient.conf -lf /w/{name}.leases -pf /w/{name}.pid eth1 && " +
        $"dhclient -x -pf /w/{name}.pid -lf /w/{name}.leases -cf /w/dhclient.conf eth1";

    [GeneratedRegex(@"fixed-address ([0-9.]+);")]
    private static partial Regex FixedAddress();
}
