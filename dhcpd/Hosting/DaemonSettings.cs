using IPoIBDhcp.Text;
using System.Text.Json;
using IPoIBDhcp.Server.Leases.Raft;
using Microsoft.Extensions.Configuration;

namespace IPoIBDhcp.Server.Hosting;

/// <summary>
/// Settings beyond ISC's flags, layered by Microsoft.Extensions.Configuration:
/// defaults &lt; an optional JSON file (<c>/etc/ipoib-dhcp/dhcpd.json</c> or <c>IPOIBDHCP_SETTINGS</c>)
/// &lt; environment variables <c>IPOIBDHCP_Section__Key</c> &lt; command-line <c>--Section:Key=value</c>.
/// An immutable snapshot: a reload builds a new one. A key no setting has, a value of the wrong kind or a JSON file
/// that does not parse is refused with one line naming it and where it came from, never ignored.
/// </summary>
public sealed record DaemonSettings
{
    /// <summary>The environment variable naming the JSON settings file (which must then exist).</summary>
    public const string FileVariable = "IPOIBDHCP_SETTINGS";

    /// <summary>The JSON settings file read when it exists and <see cref="FileVariable"/> is not set.</summary>
    public const string DefaultFile = "/etc/ipoib-dhcp/dhcpd.json";

    private const string VariablePrefix = "IPOIBDHCP_";

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

    /// <summary>
    /// Requests each receive loop holds while it falls behind (1–1048576): requests that finish transactions are decided
    /// first, DISCOVERs newest first, and the oldest DISCOVER makes room when it is full. Large by default: a boot storm's
    /// burst waits here instead of being dropped, and the newest-first order keeps the wait of a fresh request short.
    /// </summary>
    public int ReceiveBacklog { get; init; } = 65536;

    /// <summary>How long a program a hook's <c>execute</c> starts may run before it is killed (ISC waits without a limit).</summary>
    public int ExecuteTimeoutSeconds { get; init; } = 30;

    /// <summary>Reads the layered settings; throws <see cref="SettingsException"/> with the line to print when they are refused.</summary>
    /// <param name="settingArguments">The command line's <c>--Section:Key=value</c> arguments.</param>
    /// <param name="environment">Environment lookup.</param>
    /// <param name="exists">Whether a file exists (for the default JSON file).</param>
    /// <param name="environmentNames">Names of every environment variable (the <c>IPOIBDHCP_</c> ones are settings); null for none.</param>
    public static DaemonSettings Load(IEnumerable<string> settingArguments, Func<string, string?> environment, Func<string, bool> exists,
        IEnumerable<string>? environmentNames = null) =>
        TryLoad(settingArguments, environment, exists, environmentNames, out var settings, out var error) ? settings : throw new SettingsException(error);

    /// <summary>Reads the layered settings; on failure <paramref name="error"/> is the line to print (without the program name).</summary>
    /// <param name="settingArguments">The command line's <c>--Section:Key=value</c> arguments.</param>
    /// <param name="environment">Environment lookup.</param>
    /// <param name="exists">Whether a file exists (for the default JSON file).</param>
    /// <param name="environmentNames">Names of every environment variable (the <c>IPOIBDHCP_</c> ones are settings); null for none.</param>
    /// <param name="settings">The settings, when they are accepted.</param>
    /// <param name="error">What is wrong and where it came from.</param>
    public static bool TryLoad(IEnumerable<string> settingArguments, Func<string, string?> environment, Func<string, bool> exists,
        IEnumerable<string>? environmentNames, out DaemonSettings settings, out string error)
    {
        settings = new DaemonSettings();
        var layers = new List<IEnumerable<KeyValuePair<string, string?>>>();
        string? named = environment(FileVariable);
        string jsonFile = named ?? DefaultFile;
        if (named is not null || exists(jsonFile))
        {
            if (!TryReadJson(jsonFile, out var fromFile, out error)) return false;
            layers.Add(fromFile);
        }
        var fromEnvironment = new List<KeyValuePair<string, string?>>();
        foreach (string name in (environmentNames ?? []).Order(StringComparer.Ordinal))
        {
            if (!name.StartsWith(VariablePrefix, StringComparison.OrdinalIgnoreCase) || SettingKeys.OtherVariables.Contains(name)) continue;
            string key = name[VariablePrefix.Length..].Replace("__", ":", StringComparison.Ordinal);
            string? value = environment(name);
            if (!SettingKeys.TryCheck(key, value, out error))
            {
                error += $" (from environment variable {name})";
                return false;
            }
            fromEnvironment.Add(new(key, value));
        }
        layers.Add(fromEnvironment);
        foreach (string argument in settingArguments)
        {
            if (!argument.Contains('=', StringComparison.Ordinal))
            {
                error = $"setting '{argument}' is not --Key=value (from the command line)";
                return false;
            }
        }
        IEnumerable<KeyValuePair<string, string?>> fromCommandLine;
        try
        {
            if (!TryCheckLayer(new ConfigurationBuilder().AddCommandLine([.. settingArguments]).Build(), "from the command line", out fromCommandLine, out error))
                return false;
        }
        catch (FormatException ex)
        {
            error = $"{ex.Message.TrimEnd('.')} (from the command line)";
            return false;
        }
        layers.Add(fromCommandLine);

        var builder = new ConfigurationBuilder();
        foreach (var layer in layers) builder.AddInMemoryCollection(layer);
        var configuration = builder.Build();
        var journal = new JournalSettings();
        configuration.GetSection("Journal").Bind(journal);
        settings = settings with
        {
            LogLevel = configuration["LogLevel"] ?? settings.LogLevel,
            MetricsEndpoint = configuration["MetricsEndpoint"] ?? settings.MetricsEndpoint,
            OfferHoldSeconds = configuration.GetValue("OfferHoldSeconds", settings.OfferHoldSeconds),
            ExecuteTimeoutSeconds = configuration.GetValue("ExecuteTimeoutSeconds", settings.ExecuteTimeoutSeconds),
            ReceiveBacklog = configuration.GetValue("ReceiveBacklog", settings.ReceiveBacklog),
            Journal = journal,
            LeaseStore = configuration["LeaseStore"] ?? settings.LeaseStore,
            Cluster = ClusterSettings.Bind(configuration.GetSection("Cluster")),
        };
        error = "";
        return true;
    }

    /// <summary>
    /// Reads the JSON file with Microsoft's JSON provider (the one the layered settings always used) into a layer of
    /// its own, so that each key it holds can be checked and named with the file it came from.
    /// </summary>
    private static bool TryReadJson(string path, out IEnumerable<KeyValuePair<string, string?>> entries, out string error)
    {
        entries = [];
        IConfigurationRoot root;
        try
        {
            root = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false).Build();
        }
        catch (InvalidDataException ex)
        {
            // The file provider wraps the JSON provider's refusal: a syntax error (with its position), a top level that
            // is not an object, a key given twice.
            Exception reasonOf = ex;
            while (reasonOf.InnerException is { } inner) reasonOf = inner;
            string reason = reasonOf.Message;
            int cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0) reason = reason[..cut];
            error = reasonOf is JsonException json
                ? $"{path}:{(json.LineNumber ?? 0) + 1}:{(json.BytePositionInLine ?? 0) + 1}: {reason.TrimEnd('.')}"
                : $"{path}: {reason.TrimEnd('.')}";
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"Can't read settings file {path}: {ErrorText.OfFile(ex, path)}";
            return false;
        }
        return TryCheckLayer(root, $"from {path}", out entries, out error);
    }

    /// <summary>Checks every key of one layer: a key no setting has, or a value given to a section, is refused naming the source.</summary>
    private static bool TryCheckLayer(IConfiguration layer, string source, out IEnumerable<KeyValuePair<string, string?>> entries, out string error)
    {
        var checkedEntries = new List<KeyValuePair<string, string?>>();
        entries = checkedEntries;
        // Leaves only: a section's own entry has no value, and its keys are checked one by one.
        foreach (var (key, value) in layer.AsEnumerable().Where(e => e.Value is not null).OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase))
        {
            if (!SettingKeys.TryCheck(key, value, out error))
            {
                error += $" ({source})";
                return false;
            }
            checkedEntries.Add(new(key, value));
        }
        error = "";
        return true;
    }
}
