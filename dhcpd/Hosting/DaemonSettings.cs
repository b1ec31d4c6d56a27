using IPoIBDhcp.Server.Cluster;
using Microsoft.Extensions.Configuration;

namespace IPoIBDhcp.Server.Hosting;

/// <summary>
/// Settings beyond ISC's flags, layered by Microsoft.Extensions.Configuration:
/// defaults &lt; an optional JSON file (<c>/etc/ipoib-dhcp/dhcpd.json</c> or <c>IPOIBDHCP_SETTINGS</c>)
/// &lt; environment variables <c>IPOIBDHCP_Section__Key</c> &lt; command-line <c>--Section:Key=value</c>.
/// An immutable snapshot: a reload builds a new one.
/// </summary>
public sealed record DaemonSettings
{
    /// <summary>Log level: <c>info</c> (ISC's lines) or <c>debug</c> (plus routing and selection details).</summary>
    public string LogLevel { get; init; } = "info";

    /// <summary>Where to serve Prometheus-style counters (<c>127.0.0.1:9167</c>), or empty for none.</summary>
    public string MetricsEndpoint { get; init; } = "";

    /// <summary>
    /// Where leases live: <c>journal</c> (default: this server alone, an fsync'd dhcpd.leases) or <c>raft</c>
    /// (a cluster of 3 or 5 servers sharing one replicated log; section <see cref="Cluster"/>).
    /// </summary>
    public string LeaseStore { get; init; } = "journal";

    /// <summary>The cluster members and timeouts (used when <see cref="LeaseStore"/> is <c>raft</c>).</summary>
    public ClusterSettings Cluster { get; init; } = new();

    /// <summary>How lease commits reach the disk.</summary>
    public JournalSettings Journal { get; init; } = new();

    /// <summary>How long an offered address stays held for its client.</summary>
    public int OfferHoldSeconds { get; init; } = 60;

    /// <summary>Reads the layered settings.</summary>
    public static DaemonSettings Load(IEnumerable<string> settingArguments, Func<string, string?> environment, Func<string, bool> exists)
    {
        string jsonFile = environment("IPOIBDHCP_SETTINGS") ?? "/etc/ipoib-dhcp/dhcpd.json";
        var builder = new ConfigurationBuilder();
        if (exists(jsonFile)) builder.AddJsonFile(jsonFile, optional: false, reloadOnChange: false);
        var configuration = builder
            .AddEnvironmentVariables("IPOIBDHCP_")
            .AddCommandLine(settingArguments.ToArray())
            .Build();
        var settings = new DaemonSettings();
        var journal = new JournalSettings();
        configuration.GetSection("Journal").Bind(journal);
        return settings with
        {
            LogLevel = configuration["LogLevel"] ?? settings.LogLevel,
            MetricsEndpoint = configuration["MetricsEndpoint"] ?? settings.MetricsEndpoint,
            OfferHoldSeconds = configuration.GetValue("OfferHoldSeconds", settings.OfferHoldSeconds),
            Journal = journal,
            LeaseStore = configuration["LeaseStore"] ?? settings.LeaseStore,
            Cluster = ClusterSettings.Bind(configuration.GetSection("Cluster")),
        };
    }
}
