using IPoIBDhcp.Config.Server;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Leases;
using IPoIBDhcp.Server.Allocation;
using IPoIBDhcp.Server.Cluster;
using IPoIBDhcp.Server.Logging;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Server.Protocol;

namespace IPoIBDhcp.Server.Hosting;

/// <summary>
/// What <c>dhcpd</c> does between parsing its flags and exiting: check or load the configuration,
/// replay the lease file, open the interfaces, serve until told to stop, and leave a clean lease file.
/// </summary>
public sealed class ServerDaemon(ServerCommandLine commandLine, TextWriter stderr, Func<string, string?> environment, Func<string, bool> exists)
{
    /// <summary>Runs to completion; returns the exit code.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (!commandLine.Quiet && !commandLine.TestConfig && !commandLine.TestLeases)
            await stderr.WriteLineAsync($"IPoIB-DHCP dhcpd {typeof(ServerDaemon).Assembly.GetName().Version?.ToString(3)} (ISC dhcpd compatible)");
        if (commandLine.TestLeases) return CheckLeaseFile();

        string configFile = commandLine.ResolveConfigFile(environment, exists);
        DhcpdParseResult parsed;
        try
        {
            parsed = DhcpdConfigParser.Parse(configFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // ISC's wording, e.g. "Can't open /etc/dhcp/dhcpd.conf: No such file or directory".
            await stderr.WriteLineAsync($"Can't open {configFile}: {ex.Message}");
            await stderr.WriteLineAsync("Configuration file errors encountered -- exiting");
            return 1;
        }
        foreach (var d in parsed.Diagnostics) await stderr.WriteLineAsync(d.ToString());
        if (!parsed.Success || parsed.Config is null)
        {
            await stderr.WriteLineAsync($"Configuration file errors encountered -- exiting");
            return 1;
        }
        if (commandLine.TestConfig) return 0;

        var settings = DaemonSettings.Load(commandLine.SettingArguments, environment, exists);
        if (!LogLevels.TryParse(settings.LogLevel, out var threshold))
        {
            await stderr.WriteLineAsync($"dhcpd: LogLevel '{settings.LogLevel}' is not debug, info, warn or error");
            return 1;
        }
        ILogSink log = commandLine.Debug ? new StderrLogSink(stderr, threshold) : new SyslogLogSink(parsed.Config.LogFacility ?? "daemon", threshold);
        var plan = ConfigPlanBuilder.Build(parsed.Config);
        var time = TimeProvider.System;
        var allocator = new AddressAllocator { OfferHold = TimeSpan.FromSeconds(settings.OfferHoldSeconds) };
        var keys = new ClientKeyResolver();

        var opened = await OpenLeaseStoreAsync(settings, log, cancellationToken);
        if (opened is not { } store) return 1;
        await using var storeScope = store;
        if (store.ServingEpoch == 0)
        {
            long restoreStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            int restored = LeaseRecords.Restore(store.Snapshot(), plan, allocator, keys, time.GetUtcNow(), NoSubnet(log));
            if (store is JournalLeaseStore { LoadResult: var loaded } && log.IsEnabled(LogSeverity.Debug))
                log.Write(LogSeverity.Debug, $"lease file: {loaded.RecordsRead} records, {loaded.LiveLeases} leases, read in {loaded.Duration.TotalSeconds:0.00} s{(loaded.Compacted ? " (rewritten)" : "")}; bindings restored in {System.Diagnostics.Stopwatch.GetElapsedTime(restoreStarted).TotalSeconds:0.00} s");
            if (log.IsEnabled(LogSeverity.Info)) log.Write(LogSeverity.Info, $"Wrote {restored} leases to leases file.");
        }

        var core = new DhcpServerCore(plan, allocator, keys, log);
        var ports = new List<IDatagramPort>();
        await using var engines = new EngineFactory(commandLine.FabricFile, environment);
        try
        {
            await foreach (var port in OpenPortsAsync(engines, plan, log, cancellationToken)) ports.Add(port);
            if (ports.Count == 0)
            {
                if (log.IsEnabled(LogSeverity.Error)) log.Write(LogSeverity.Error, "Not configured to listen on any interfaces!");
                return 1;
            }
            string? pidFile = commandLine.ResolvePidFile(environment);
            if (pidFile is not null) await File.WriteAllTextAsync(pidFile, $"{Environment.ProcessId}\n", CancellationToken.None);
            var host = new ServerHost(core, store, ports, log, time, commandLine.Port)
            {
                // A cluster member that starts leading forgets what it held before and rebuilds from the committed leases.
                EpochStarted = epoch =>
                {
                    var freshPlan = ConfigPlanBuilder.Build(parsed.Config);
                    var freshBindings = new AddressAllocator { OfferHold = allocator.OfferHold };
                    int restored = LeaseRecords.Restore(store.Snapshot(), freshPlan, freshBindings, keys, time.GetUtcNow(), NoSubnet(log));
                    core.ReplaceBindings(freshPlan, freshBindings);
                    if (log.IsEnabled(LogSeverity.Info)) log.Write(LogSeverity.Info, $"cluster: serving epoch {epoch}: {restored} committed leases restored");
                },
            };
            MetricsEndpoint? metrics = null;
            if (settings.MetricsEndpoint.Length > 0)
            {
                if (!MetricsEndpoint.TryParse(settings.MetricsEndpoint, out var endpoint, out var metricsError))
                {
                    log.Write(LogSeverity.Error, metricsError);
                    return 1;
                }
                metrics = MetricsEndpoint.Start(endpoint, () => MetricsText.Render(core.Counters, host, store, ports));
                log.Write(LogSeverity.Info, $"Serving metrics on http://{endpoint}/metrics");
            }
            log.Write(LogSeverity.Info, "Server starting service.");
            try
            {
                await host.RunAsync(cancellationToken);
            }
            finally
            {
                if (metrics is not null) await metrics.DisposeAsync();
            }
            if (log.IsEnabled(LogSeverity.Info))
                foreach (var p in ports) log.Write(LogSeverity.Info, $"{p.Name}: {p.Counters}");
            if (log.IsEnabled(LogSeverity.Info)) log.Write(LogSeverity.Info, "Server shutting down.");
            if (pidFile is not null) File.Delete(pidFile);
            return 0;
        }
        finally
        {
            foreach (var p in ports) await p.DisposeAsync();
        }
    }

    /// <summary>ISC's line for a stored lease whose address no subnet holds; the record stays in the lease file.</summary>
    private static Action<Lease> NoSubnet(ILogSink log) => lease =>
    {
        if (log.IsEnabled(LogSeverity.Error)) log.Write(LogSeverity.Error, $"lease {lease.Address}: no subnet.");
    };

    private async Task<ILeaseStore?> OpenLeaseStoreAsync(DaemonSettings settings, ILogSink log, CancellationToken cancellationToken)
    {
        switch (settings.LeaseStore.ToLowerInvariant())
        {
            case "journal":
                return await OpenJournalAsync(settings, log, cancellationToken);
            case "raft":
                if (!settings.Cluster.TryResolve(out var membership, out var clusterError))
                {
                    await stderr.WriteLineAsync($"dhcpd: {clusterError}");
                    return null;
                }
                if (log.IsEnabled(LogSeverity.Info))
                    log.Write(LogSeverity.Info, $"Cluster member {membership.Local} of {string.Join(", ", membership.Members)}: leases in {Path.GetFullPath(settings.Cluster.Directory)} (-lf not used)");
                try
                {
                    return await RaftLeaseStore.StartAsync(settings.Cluster, membership, message => log.Write(LogSeverity.Info, message), cancellationToken);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException)
                {
                    if (log.IsEnabled(LogSeverity.Error)) log.Write(LogSeverity.Error, $"Can't join the cluster as {membership.Local}: {ErrorText.Of(ex)} -- exiting");
                    return null;
                }
            default:
                await stderr.WriteLineAsync($"dhcpd: LeaseStore '{settings.LeaseStore}' is not journal or raft");
                return null;
        }
    }

    private async Task<ILeaseStore?> OpenJournalAsync(DaemonSettings settings, ILogSink log, CancellationToken cancellationToken)
    {
        var flush = settings.Journal.Flush.ToLowerInvariant() switch
        {
            "group" => JournalFlushPolicy.Group,
            "always" => JournalFlushPolicy.EveryRecord,
            "none" => JournalFlushPolicy.None,
            _ => (JournalFlushPolicy?)null,
        };
        if (flush is null)
        {
            await stderr.WriteLineAsync($"dhcpd: Journal:Flush '{settings.Journal.Flush}' is not group, always or none");
            return null;
        }
        if (!(settings.Journal.CommitDelayMs is >= 0 and <= 100))
        {
            await stderr.WriteLineAsync($"dhcpd: Journal:CommitDelayMs {settings.Journal.CommitDelayMs} is not between 0 and 100 milliseconds");
            return null;
        }
        string leaseFile = commandLine.ResolveLeaseFile(environment);
        JournalLeaseStore store;
        try
        {
            store = await JournalLeaseStore.OpenAsync(new JournalLeaseStoreOptions(leaseFile)
            {
                CompactionFactor = settings.Journal.CompactionFactor,
                FlushPolicy = flush.Value,
                CommitDelay = TimeSpan.FromMilliseconds(settings.Journal.CommitDelayMs),
                // Rewriting a compact million-lease file at every start costs seconds of start-up for nothing;
                // an overgrown one is still rewritten before serving, and any file once it grows past the factor.
                CompactOnOpen = false,
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (log.IsEnabled(LogSeverity.Error)) log.Write(LogSeverity.Error, $"Can't open lease database {leaseFile}: {ex.Message} -- exiting");
            return null;
        }
        var loaded = store.LoadResult;
        foreach (var d in loaded.Diagnostics) log.Write(d.IsNote ? LogSeverity.Info : LogSeverity.Warning, d.Format(leaseFile));
        if (loaded.DamagedRegions > 0)
        {
            // ISC says "Corrupt lease file - possible data loss!"; this says what was left out and where the original is.
            log.Write(LogSeverity.Warning, $"{leaseFile}: {loaded.DamagedBytes} damaged bytes in {loaded.DamagedRegions} region(s) left out of the rewritten file; every intact lease kept; the original is kept as {loaded.Backup}");
        }
        return store;
    }

    private int CheckLeaseFile()
    {
        string leaseFile = commandLine.ResolveLeaseFile(environment);
        if (!exists(leaseFile))
        {
            stderr.WriteLine($"{leaseFile}: no such file");
            return 1;
        }
        var content = new IscLeaseFileReader().ReadFile(leaseFile);
        foreach (var d in content.Diagnostics) stderr.WriteLine(d.Format(leaseFile));
        // Notes (valid ISC syntax we do not use, such as a failover state block) are printed but do not fail the check.
        return content.Diagnostics.Any(d => !d.IsNote) ? 1 : 0;
    }

    private async IAsyncEnumerable<IDatagramPort> OpenPortsAsync(EngineFactory factory, ServerPlan plan, ILogSink log, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var name in commandLine.Interfaces)
        {
            IDatagramPort port;
            try
            {
                port = await factory.ForInterface(name).OpenAsync(name, commandLine.Port, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or InvalidOperationException or ArgumentException or UnauthorizedAccessException or Config.Fabric.FabricConfigException)
            {
                if (log.IsEnabled(LogSeverity.Error)) log.Write(LogSeverity.Error, $"Can't open interface {name}: {ErrorText.Of(ex)}");
                continue;
            }
            if (port.LocalAddress is not { } address || plan.SubnetContaining(address) is null)
            {
                // ISC's wording: the interface is skipped, the admin sees why.
                if (log.IsEnabled(LogSeverity.Error)) log.Write(LogSeverity.Error, $"No subnet declaration for {name} ({(port.LocalAddress?.ToString() ?? "no IPv4 address")}).");
                if (log.IsEnabled(LogSeverity.Error)) log.Write(LogSeverity.Error, $"** Ignoring requests on {name}.  If this is not what you want, please write a subnet declaration in your dhcpd.conf file for the network segment to which interface {name} is attached. **");
                await port.DisposeAsync();
                continue;
            }
            if (log.IsEnabled(LogSeverity.Info)) log.Write(LogSeverity.Info, $"Listening on {port.Name} {port.LinkType} mtu {port.Mtu}{(port.PKey is { } k ? $" pkey {k}" : "")}");
            yield return port;
        }
        foreach (var endpoint in commandLine.Listen)
        {
            var port = await factory.Udp.OpenAsync($"udp:{endpoint}", (ushort)endpoint.Port, cancellationToken);
            if (log.IsEnabled(LogSeverity.Info)) log.Write(LogSeverity.Info, $"Listening on {port.Name} for relayed requests");
            yield return port;
        }
    }
}
