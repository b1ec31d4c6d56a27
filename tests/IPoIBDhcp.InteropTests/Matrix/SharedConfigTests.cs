using System.Net;
using System.Text.RegularExpressions;
using IPoIBDhcp.InteropTests.Peers;
using IPoIBDhcp.Tests.Support;

namespace IPoIBDhcp.InteropTests.Matrix;

/// <summary>
/// Matrix row 7: one dhcpd.conf for both servers, the drop-in promise. conf-examples/dhcpd.conf (site option
/// <c>ib-pkey code 224</c>, classes, pools with allow/deny, shared-network, host stanzas keyed by FlexBoot
/// client identifiers) passes ISC <c>dhcpd -t</c> and ours; and node001, our IPoIB dhclient on the fabric
/// relayed with giaddr 198.18.0.1 (the Default partition's router), gets the same lease from both: its host
/// stanza's fixed address and the same options.
/// Topology: fabric ⇄ relay (198.18.16.2, giaddr 198.18.0.1) ⇄ veth ⇄ server at 198.18.16.1 (the head node's
/// storage-partition address, so that the server's own link has a subnet in the file).
/// ISC 4.4 reads <c>hardware infiniband</c> only as colon-separated octets (the grouped GUID form
/// <c>0002:c903:0000:1039</c>, which ours also takes, makes it say "exceeds max (255) for precision"), so the
/// shipped file writes octets and both servers get it unchanged.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category("Interop")]
public sealed class SharedConfigTests : MatrixRow
{
    private const string Node001ClientId = "ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:00:10:01";
    private static readonly IPAddress Gateway = IPAddress.Parse("198.18.0.1");
    private static readonly IPEndPoint Server = new(IPAddress.Parse("198.18.16.1"), 67);

    [SetUp]
    public async Task SetUp()
    {
        string example = await File.ReadAllTextAsync(Path.Combine(OurPrograms.RepositoryRoot, "conf-examples", "dhcpd.conf"));
        await File.WriteAllTextAsync(Path.Combine(WorkDirectory, "example.conf"), example);
        await File.WriteAllTextAsync(Path.Combine(WorkDirectory, "dhcpd.conf"), example);
        await File.WriteAllTextAsync(Path.Combine(WorkDirectory, "node001.conf"),
            "timeout 30;\ninitial-interval 1;\nbackoff-cutoff 2;\noption ib-pkey code 224 = unsigned integer 16;\n" +
            "request subnet-mask, routers, domain-name, domain-name-servers, host-name, root-path, interface-mtu, broadcast-address, ib-pkey;\n");
    }

    [Test]
    [Property("Peer", "ISC dhcpd")]
    [Property("Direction", "one dhcpd.conf, both serve our dhclient")]
    [Property("Framing", "IPoIB (fabric, relayed)")]
    public async Task Isc_and_our_dhcpd_accept_the_example_conf_and_give_node001_the_same_lease()
    {
        // Both accept the shipped file as it is.
        await using (PeerContainer check = await PeerContainer.StartUnlinkedAsync(WorkDirectory, "exec dhcpd -4 -t -cf /w/dhcpd.conf"))
        {
            long exit = await check.WaitForExitAsync(TimeSpan.FromSeconds(30));
            string output = await check.LogsAsync();
            Assert.That(exit, Is.Zero, output);
            Assert.That(output, Does.Not.Contain(" line "), output);
        }

        foreach (string file in new[] { "example.conf", "dhcpd.conf" })
        {
            await CommandRunner.RunAsync(OurPrograms.Dhcpd, ["-t", "-cf", Path.Combine(WorkDirectory, file)], check: true);
        }

        string iscLease = await IscLeaseAsync();
        string ourLease = await OurLeaseAsync();
        await TestContext.Out.WriteLineAsync($"from ISC dhcpd:\n{iscLease}\nfrom our dhcpd:\n{ourLease}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(iscLease, Does.Contain("fixed-address 198.18.2.1;"));
            Assert.That(iscLease, Does.Contain("option ib-pkey 65535;"), "the site option defined in both files");
            Assert.That(Comparable(ourLease), Is.EqualTo(Comparable(iscLease)), "the same lease, timers aside");
            // Ours states T1/T2 (options 58/59); ISC 4.4 leaves them out and the client derives the same values
            // (RFC 2131 4.4.5: 0.5 and 0.875 of the lease time), so they may differ only in being explicit.
            Assert.That(ourLease, Does.Contain("option dhcp-renewal-time 3600;").Or.Not.Contain("dhcp-renewal-time"));
            Assert.That(ourLease, Does.Contain("option dhcp-rebinding-time 6300;").Or.Not.Contain("dhcp-rebinding-time"));
        }
    }

    /// <summary>ISC dhcpd in a container serving the example conf on eth1 (198.18.16.1/20).</summary>
    private async Task<string> IscLeaseAsync()
    {
        await using NetworkNamespace relaySide = await NetworkNamespace.CreateAsync();
        await using PeerContainer server = await PeerContainer.StartAsync(WorkDirectory,
            "ip addr add 198.18.16.1/20 dev eth1 && ip route add 198.18.0.0/20 via 198.18.16.2 dev eth1 && touch /w/isc.leases && " +
            "exec dhcpd -4 -f -d -cf /w/dhcpd.conf -lf /w/isc.leases -pf /w/dhcpd.pid eth1");
        await server.LinkAsync(relaySide, "veth0", "198.18.16.2/20");
        return await RelayedLeaseAsync(relaySide, "isc", server.LogsAsync);
    }

    /// <summary>Our dhcpd in a namespace on the same addresses, listening for relayed UDP.</summary>
    private async Task<string> OurLeaseAsync()
    {
        await using VethPair link = await VethPair.CreateAsync("198.18.16.2/20", "198.18.16.1/20");
        await link.Right.IpAsync("route", "add", "198.18.0.0/20", "via", "198.18.16.2", "dev", link.RightInterface);
        BackgroundProcess dhcpd = await OurServer.StartAsync(link.Right, Path.Combine(WorkDirectory, "dhcpd.conf"), Path.Combine(WorkDirectory, "ours.leases"),
            "--listen", "198.18.16.1:67");
        return await RelayedLeaseAsync(link.Left, "ours", () => Task.FromResult(dhcpd.Output));
    }

    private async Task<string> RelayedLeaseAsync(NetworkNamespace relaySide, string name, Func<Task<string>> serverLog)
    {
        // giaddr on the relay's link to the server (both topologies name it veth0).
        await relaySide.IpAsync("addr", "add", "198.18.0.1/32", "dev", "veth0");
        await using FabricRelay relay = await FabricRelay.StartAsync(relaySide, Gateway, Server);
        string leaseDirectory = Directory.CreateDirectory(Path.Combine(WorkDirectory, name)).FullName;
        File.Copy(Path.Combine(WorkDirectory, "node001.conf"), Path.Combine(leaseDirectory, "node001.conf"));
        await using BackgroundProcess dhclient = await OurClient.StartOnFabricAsync(relay, "node001", leaseDirectory);
        return await Eventually.WaitAsync(
            () => Eventually.FileContainingAsync(OurClient.LeaseFile(leaseDirectory, "node001"), "fixed-address"),
            TimeSpan.FromSeconds(40), $"node001's lease from {name}",
            async () => $"relay: {relay.Requests} requests, {relay.Replies} replies\nour dhclient:\n{dhclient.Output}\nserver:\n{await serverLog()}");
    }

    /// <summary>
    /// The lease's lines without the renew/rebind/expire times, which depend on when it was taken, and without
    /// T1/T2 (checked apart: ISC leaves the defaults implicit).
    /// </summary>
    private static string[] Comparable(string lease) =>
        [.. lease.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith("renew ", StringComparison.Ordinal) && !l.StartsWith("rebind ", StringComparison.Ordinal) && !l.StartsWith("expire ", StringComparison.Ordinal)
                && !l.StartsWith("option dhcp-renewal-time ", StringComparison.Ordinal) && !l.StartsWith("option dhcp-rebinding-time ", StringComparison.Ordinal))];
}
