using System.Globalization;
using System.Text;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Server.Leases.Journal;
using IPoIBDhcp.Server.Leases.Raft;
using IPoIBDhcp.Server.Protocol;
using IPoIBDhcp.Server.Reload;

namespace IPoIBDhcp.Server.Hosting;

/// <summary>
/// The counters an admin watches during a boot storm, in the Prometheus text format: what the server
/// answered and refused, how the journal batches its fsyncs, and each port's traffic and drops by reason
/// (the ethtool-style counters of the engine).
/// </summary>
public static class MetricsText
{
    /// <summary>Renders every counter as one exposition-format document.</summary>
    public static string Render(ServerCounters server, ServerHost host, ILeaseStore store, IEnumerable<IDatagramPort> ports, ConfigReloader? reloads = null)
    {
        var sb = new StringBuilder();
        // A metric with several labelled series gets its HELP and TYPE lines once, before its first series (the format's rule).
        var described = new HashSet<string>(StringComparer.Ordinal);
        void Metric(string type, string name, string help, long value, string labels)
        {
            if (described.Add(name)) sb.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n");
            sb.Append(CultureInfo.InvariantCulture, $"{name}{labels} {value}\n");
        }
        void Counter(string name, string help, long value, string labels = "") => Metric("counter", name, help, value, labels);
        void Gauge(string name, string help, long value) => Metric("gauge", name, help, value, "");
        Counter("dhcpd_offers_total", "DHCPOFFERs sent.", server.OfferCount);
        Counter("dhcpd_acks_total", "DHCPACKs decided (sent once their lease is durable).", server.AckCount);
        Counter("dhcpd_naks_total", "DHCPNAKs sent.", server.NakCount);
        Counter("dhcpd_refused_total", "Requests without a usable client identity (IPoIB without client-id).", server.RefusedCount);
        Counter("dhcpd_ignored_total", "Requests of a kind a server does not answer.", server.IgnoredCount);
        Counter("dhcpd_no_subnet_total", "Requests from an unknown network segment.", server.NoSubnetCount);
        Counter("dhcpd_no_free_leases_total", "DISCOVERs with no free address in their network.", server.ExhaustedCount);
        Counter("dhcpd_relay_information_left_out_total", "Replies to a relay sent without its option 82 because no room could be made (RFC 3046 asks for the echo).", server.RelayInformationLeftOutCount);
        Counter("dhcpd_shed_total", "Requests dropped by the receive backlog in overload, by reason.", host.Intake.Superseded, "{reason=\"retransmitted\"}");
        Counter("dhcpd_shed_total", "Requests dropped by the receive backlog in overload, by reason.", host.Intake.DiscoversShed, "{reason=\"discover_overflow\"}");
        Counter("dhcpd_shed_total", "Requests dropped by the receive backlog in overload, by reason.", host.Intake.OthersShed, "{reason=\"overflow\"}");
        Counter("dhcpd_malformed_total", "Datagrams that were not well-formed DHCP messages.", host.MalformedCount);
        Counter("dhcpd_commit_failures_total", "Lease commits that failed (ACK withheld).", host.CommitFailureCount);
        Counter("dhcpd_unsendable_total", "Replies decided but not sent: their route is one neither the port nor the fallback socket can carry.", host.UnsendableCount);
        Counter("dhcpd_silent_total", "Requests left unanswered because this cluster member does not lead a quorum.", host.SilentCount);
        if (reloads is not null)
        {
            Counter("dhcpd_reloads_total", "dhcpd.conf reloads applied (SIGHUP).", reloads.Applied);
            Counter("dhcpd_reloads_refused_total", "dhcpd.conf reloads refused: the file failed its check and the running configuration kept serving.", reloads.Refused);
        }
        if (store is JournalLeaseStore { Counters: var journal })
        {
            Counter("dhcpd_lease_records_written_total", "Lease records appended to the journal.", journal.RecordsWritten);
            Counter("dhcpd_lease_syncs_total", "fsyncs of the journal (one per group-commit batch).", journal.SyncsPerformed);
            Counter("dhcpd_lease_compactions_total", "Journal rewrites.", journal.Compactions);
        }
        else if (store is RaftLeaseStore { Counters: var cluster })
        {
            Gauge("dhcpd_cluster_leader", "1 while this member leads a quorum and answers clients.", cluster.Leads ? 1 : 0);
            Gauge("dhcpd_cluster_term", "The Raft term this member is in.", cluster.Term);
            Gauge("dhcpd_cluster_last_applied_index", "Last log entry applied to this member's lease state.", cluster.LastApplied);
            Gauge("dhcpd_cluster_leases", "Addresses with a committed lease in this member's state.", cluster.Leases);
            Counter("dhcpd_cluster_commits_total", "Lease commits confirmed by a majority while this member led.", cluster.Commits);
            Counter("dhcpd_cluster_commit_failures_total", "Lease commits a majority did not confirm (ACK withheld).", cluster.CommitFailures);
            Counter("dhcpd_cluster_epochs_total", "Times this member started leading.", cluster.Epochs);
        }
        // Each family's series together, port by port (the format wants one group per metric).
        var all = (host.Fallback is { } fallback ? ports.Append(fallback) : ports).ToList();
        static string Port(IDatagramPort p) => $"{{port=\"{p.Name}\"}}";
        foreach (var p in all) Counter("dhcpd_port_rx_packets_total", "Datagrams received on the port.", p.Counters.RxPackets, Port(p));
        foreach (var p in all) Counter("dhcpd_port_tx_packets_total", "Datagrams sent on the port.", p.Counters.TxPackets, Port(p));
        foreach (var p in all) Counter("dhcpd_port_rx_bytes_total", "Payload bytes received.", p.Counters.RxBytes, Port(p));
        foreach (var p in all) Counter("dhcpd_port_tx_bytes_total", "Payload bytes sent.", p.Counters.TxBytes, Port(p));
        foreach (var p in all)
        {
            var c = p.Counters;
            foreach (var (reason, value) in new[] { ("mtu", c.DropMtu), ("partition", c.DropPartition), ("checksum", c.DropChecksum),
                ("malformed", c.DropMalformed), ("no_carrier", c.DropNoCarrier), ("filtered", c.DropFiltered) })
                Counter("dhcpd_port_drops_total", "Datagrams dropped by the engine, by reason.", value, $"{{port=\"{p.Name}\",reason=\"{reason}\"}}");
        }
        return sb.ToString();
    }
}
