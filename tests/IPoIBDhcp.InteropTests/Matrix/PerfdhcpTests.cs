using System.Globalization;
using System.Text.RegularExpressions;
using IPoIBDhcp.InteropTests.Peers;
using IPoIBDhcp.Tests.Support;

namespace IPoIBDhcp.InteropTests.Matrix;

/// <summary>
/// Matrix row 5: Kea's perfdhcp 2.2, acting as a relay agent (giaddr = its -l address) for 100 simulated
/// clients at 200 DORA/s for 5 s, against our dhcpd's relayed-UDP socket (<c>--listen</c>): every one of its
/// DISCOVER-OFFER and REQUEST-ACK exchanges completes (at most 1 % lost on this shared 2-core machine).
/// perfdhcp runs in a container whose eth1 (198.18.1.2) is veth-linked to our dhcpd's namespace (198.18.1.1).
/// </summary>
[TestFixture]
[NonParallelizable]
[Category("Interop")]
public sealed partial class PerfdhcpTests : MatrixRow
{
    [Test]
    [Property("Peer", "Kea perfdhcp")]
    [Property("Direction", "our dhcpd serves the peer (as relay agent)")]
    [Property("Framing", "relayed UDP (veth)")]
    public async Task Perfdhcp_completes_every_relayed_exchange_with_our_dhcpd()
    {
        string config = Path.Combine(WorkDirectory, "dhcpd.conf");
        await File.WriteAllTextAsync(config,
            "authoritative;\ndefault-lease-time 600;\nmax-lease-time 600;\n" +
            "subnet 198.18.1.0 netmask 255.255.255.0 {\n  range 198.18.1.10 198.18.1.250;\n}\n");
        await using NetworkNamespace serverSide = await NetworkNamespace.CreateAsync();
        // perfdhcp starts once our dhcpd serves (the test creates /w/go), bounded like every wait.
        await using PeerContainer perfdhcp = await PeerContainer.StartAsync(WorkDirectory,
            "ip addr add 198.18.1.2/24 dev eth1 && " +
            "j=0; while [ ! -e /w/go ]; do j=$((j+1)); if [ $j -gt 600 ]; then echo 'perfdhcp: no go' >&2; exit 98; fi; sleep 0.05; done; " +
            "exec perfdhcp -4 -g single -l 198.18.1.2 -r 200 -R 100 -p 5 198.18.1.1");
        await perfdhcp.LinkAsync(serverSide, "veth0", "198.18.1.1/24");
        BackgroundProcess dhcpd = await OurServer.StartAsync(serverSide, config, Path.Combine(WorkDirectory, "dhcpd.leases"), "--listen", "198.18.1.1:67");
        await File.WriteAllTextAsync(Path.Combine(WorkDirectory, "go"), "");

        // 5 s of traffic, then perfdhcp waits for late replies and prints its report; exit 3 = some still open.
        long exit = await perfdhcp.WaitForExitAsync(TimeSpan.FromSeconds(60));
        string report = await perfdhcp.LogsAsync();
        await TestContext.Out.WriteLineAsync($"perfdhcp exited {exit}:\n{report}");
        Assert.That(exit, Is.AnyOf(0L, 3L), report);

        (int sent, int received) offers = Exchange(report, "DISCOVER-OFFER");
        (int sent, int received) acks = Exchange(report, "REQUEST-ACK");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(offers.sent, Is.GreaterThanOrEqualTo(500), report);
            Assert.That(offers.received, Is.GreaterThanOrEqualTo(offers.sent * 99 / 100), report);
            Assert.That(acks.sent, Is.GreaterThanOrEqualTo(offers.received * 99 / 100), report);
            Assert.That(acks.received, Is.GreaterThanOrEqualTo(acks.sent * 99 / 100), report);
            Assert.That(report, Does.Contain("Malformed packets: 0"));
            Assert.That(Regex.Matches(report, @"rejected leases: 0\b").Count, Is.EqualTo(2), "no exchange got a lease perfdhcp rejects");
            Assert.That(dhcpd.HasExited, Is.False, dhcpd.Output);
        }
    }

    private static (int Sent, int Received) Exchange(string report, string name)
    {
        Match m = Regex.Match(report, $@"Statistics for: {name}\*+\s+sent packets: (\d+)\s+received packets: (\d+)");
        Assert.That(m.Success, Is.True, $"no {name} statistics in perfdhcp's report:\n{report}");
        return (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }
}
