using System.Net;
using System.Net.Sockets;
using IPoIBDhcp.Identity;
using IPoIBDhcp.IntegrationTests.Support;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.IntegrationTests.Dhcpd;

/// <summary>
/// The <c>MetricsEndpoint</c> daemon setting: the real dhcpd serves its counters on 127.0.0.1 in Prometheus text,
/// and a scrape after one exchange shows the OFFER, the ACK, the journal's fsync and the port's traffic.
/// </summary>
public sealed class MetricsEndpointTests
{
    private const string Partitions = "Default=0x7fff, ipoib, mtu=5 : ALL=full;\n";

    [Test]
    public async Task CountersAreServedAfterAnExchange()
    {
        using var workspace = Workspace.Create();
        var fabric = TestFabric.Create(workspace, Partitions);
        string config = workspace.Write("dhcpd.conf", await File.ReadAllTextAsync(Path.Combine(RepoLayout.ConfExamples, "dhcpd.conf")));
        int port = FreeTcpPort();
        await using var dhcpd = await Support.Dhcpd.StartOnFabricAsync(fabric, config, workspace.File("dhcpd.leases"), "head", ["ib0"],
            [$"--MetricsEndpoint=127.0.0.1:{port}"]);
        await dhcpd.WaitForLineAsync($"Serving metrics on http://127.0.0.1:{port}/metrics", Support.Dhcpd.StartTimeout);

        await using var engine = fabric.Join("node001");
        await using var client = DhcpTestClient.OverPort(engine.OpenPort("node001", "ib0", 68));
        var id = ClientIdentifier.FlexBoot(PortGuid.Parse("0002:c903:0000:2001"));
        var discover = new DhcpPacket(DhcpMessageType.Discover, 0x5001, id);
        var offer = await client.ExchangeAsync(discover, DhcpRoute.Broadcast);
        var request = new DhcpPacket(DhcpMessageType.Request, 0x5002, id) { RequestedAddress = offer!.YourAddress, ServerIdentifier = offer.ServerIdentifier };
        var ack = await client.ExchangeAsync(request, DhcpRoute.Broadcast);
        Assert.That(ack!.Type, Is.EqualTo(DhcpMessageType.Ack));

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        string text = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics");
        Assert.That(text, Does.Contain("\ndhcpd_offers_total 1\n"));
        Assert.That(text, Does.Contain("\ndhcpd_acks_total 1\n"));
        Assert.That(text, Does.Contain("\ndhcpd_lease_records_written_total 1\n"));
        Assert.That(text, Does.Contain("\ndhcpd_lease_syncs_total 1\n"));
        Assert.That(text, Does.Contain("dhcpd_port_rx_packets_total{port=\"ib0\"} 2\n"));
        Assert.That(text, Does.Contain("dhcpd_port_drops_total{port=\"ib0\",reason=\"partition\"} 0\n"));
        using var missing = await http.GetAsync($"http://127.0.0.1:{port}/other");
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private static int FreeTcpPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
