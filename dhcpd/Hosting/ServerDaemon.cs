using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Server.Leases.IscFile;
using IPoIBDhcp.Server.Leases.Journal;
using IPoIBDhcp.Server.Allocation;
using IPoIBDhcp.Server.Leases.Raft;
using IPoIBDhcp.Logging;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Server.Protocol;
using IPoIBDhcp.Server.Reload;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Server.Hosting;

/// <summary>
/// What <c>dhcpd</c> does between parsing its flags and exiting: check or load the configuration,
/// replay the lease file, open the interfaces, serve until told to stop, and leave a clean lease file.
/// Every start-up failure it foresees is one plain line (ISC's wording where ISC has one) and exit status 1.
/// </summary>
/// <param name="commandLine">The parsed flags.</param>
/// <param name="stderr">Where start-up errors (and, with -d, the log) go.</param>
/// <param name="environment">Environment lookup.</param>
/// <param name="exists">Whether a file exists.</param>
/// <param name="environmentNames">Names of every environment variable, for the <c>IPOIBDHCP_</c> settings; null for none.</param>
public sealed partial class ServerDaemon(ServerCommandLine commandLine, TextWriter stderr, Func<string, string?> environment, Func<string, bool> exists,
    IEnumerable<string>? environmentNames = null)
{
    // dhcpd.conf's lease-file-name, pid-file-name and db-time-format, once the file is read.
    private DaemonStatements statements = DaemonStatements.None;

    /// <summary>Runs to completion; returns the exit code. A stop requested during start-up ends it quietly (0).</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ServeAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("dhcpd: stopped during start-up -- exiting");
            return 0;
        }
    }

    private async Task<int> ServeAsync(CancellationToken cancellationToken)
    {
        if (!commandLine.Quiet && !commandLine.TestConfig && !commandLine.TestLeases)
            await stderr.WriteLineAsync($"IPoIB-DHCP dhcpd {typeof(ServerDaemon).Assembly.GetName().Version?.ToString(3)} (ISC dhcpd compatible)");
        if (!await CheckProcessFlagsAsync()) return 1;
        if (commandLine.TestLeases) return CheckLeaseFile();

        if (await ReadConfigurationAsync() is not { } config) return 1;
        statements = config.Daemon;
        if (config.Daemon.LocalPort is { } localPort && !commandLine.PortGiven && localPort != commandLine.Port)
        {
            if (!commandLine.Listen.IsEmpty)
            {
                await stderr.WriteLineAsync($"dhcpd: local-port {localPort} in dhcpd.conf with --listen: give -p {localPort} on the command line instead");
                return 1;
            }
            // ISC: dhcpd.conf's local-port serves when -p does not say otherwise.
            commandLine = commandLine with { Port = localPort };
        }
        if (!DaemonSettings.TryLoad(commandLine.SettingArguments, environment, exists, environmentNames, out var settings, out var settingsError))
        {
            await stderr.WriteLineAsync($"dhcpd: {settingsError}");
            return 1;
        }
        if (commandLine.TestConfig) return 0;

        if (!LogLevels.TryParse(settings.LogLevel, out var threshold))
        {
            await stderr.WriteLineAsync($"dhcpd: LogLevel '{settings.LogLevel}' is not debug, info, warn or error");
            return 1;
        }
        if (settings.ExecuteTimeoutSeconds < 1)
        {
            await stderr.WriteLineAsync($"dhcpd: ExecuteTimeoutSeconds {settings.ExecuteTimeoutSeconds} is not a positive number of seconds");
            return 1;
        }
        if (settings.ReceiveBacklog is < 1 or > 1_048_576)
        {
            await stderr.WriteLineAsync($"dhcpd: ReceiveBacklog {settings.ReceiveBacklog} is not between 1 and 1048576 requests");
            return 1;
        }
        ILogSink log = commandLine.Debug ? new StderrLogSink(stderr, threshold) : new SyslogLogSink("dhcpd", config.LogFacility ?? "daemon", threshold);
        var time = TimeProvider.System;
        var allocator = new AddressAllocator { OfferHold = TimeSpan.FromSeconds(settings.OfferHoldSeconds) };
        var keys = new ClientKeyResolver();

        var opened = await OpenLeaseStoreAsync(settings, log, cancellationToken);
        if (opened is not { } store) return 1;
        await using var storeScope = store;
        config = WithLeaseFileHosts(config, store, log);
        var plan = ConfigPlanBuilder.Build(config);
        await using var hooks = Config.Hooks.HookScan.Any(config) ? new Hooks.HookExecutor(log, TimeSpan.FromSeconds(settings.ExecuteTimeoutSeconds)) : null;
        if (store.ServingEpoch == 0) RestoreLeases(store, plan, allocator, keys, time, log);

        var core = new DhcpServerCore(plan, allocator, keys, log);
        var reloader = new ConfigReloader(core, config) { HooksRunnable = hooks is not null };
        var ports = new List<IDatagramPort>();
        await using var engines = new EngineFactory(commandLine.FabricFile, environment);
        try
        {
            if (!await OpenAllPortsAsync(engines, plan, ports, log, cancellationToken)) return 1;
            await using var fallback = await FallbackSocket.OpenAsync(ports, commandLine.Port, log, cancellationToken);
            var host = new ServerHost(core, store, ports, log, time, commandLine.Port)
            {
                BacklogCapacity = settings.ReceiveBacklog,
                Fallback = fallback,
                Hooks = hooks,
                Probe = new IcmpEchoProbe(log),
                // A cluster member that starts leading forgets what it held before and rebuilds from the committed leases.
                EpochStarted = RebuildBindingsOnEpoch(core, store, allocator, keys, time, log),
            };
            return await ServeUntilStoppedAsync(host, core, reloader, store, ports, fallback, settings, log, cancellationToken);
        }
        finally
        {
            foreach (var p in ports) await p.DisposeAsync();
        }
    }

    /// <summary>Reads dhcpd.conf and prints its diagnostics; null (ISC's closing line written) when it cannot be served.</summary>
    private async Task<ServerConfig?> ReadConfigurationAsync()
    {
        string configFile = commandLine.ResolveConfigFile(environment, exists);
        DhcpdParseResult parsed;
        try
        {
            parsed = DhcpdConfigParser.Parse(configFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // ISC's wording, e.g. "Can't open /etc/dhcp/dhcpd.conf: No such file or directory".
            await stderr.WriteLineAsync($"Can't open {configFile}: {SystemReason(ex, configFile)}");
            await stderr.WriteLineAsync("Configuration file errors encountered -- exiting");
            return null;
        }
        foreach (var d in parsed.Diagnostics) await stderr.WriteLineAsync(d.ToString());
        if (!parsed.Success || parsed.Config is null)
        {
            await stderr.WriteLineAsync($"Configuration file errors encountered -- exiting");
            return null;
        }
        return parsed.Config;
    }

    /// <summary>
    /// dhcpd.conf with the lease file's <c>host</c> records applied (ISC reads them after dhcpd.conf, as declarations at
    /// global scope); a record the dhcpd.conf grammar refuses is logged with its place in the lease file and not served.
    /// </summary>
    private ServerConfig WithLeaseFileHosts(ServerConfig config, ILeaseStore store, ILogSink log)
    {
        if (store is not JournalLeaseStore { HostRecords: { Count: > 0 } records }) return config;
        var problems = new List<ConfigDiagnostic>();
        var served = LeaseFileHosts.Apply(config, records, commandLine.ResolveLeaseFile(environment), problems);
        foreach (var d in problems) log.Write(LogSeverity.Warning, $"{d} (host record not served)");
        return served;
    }

    /// <summary>Replays the stored leases into the allocator before serving, with ISC's count of them.</summary>
    private static void RestoreLeases(ILeaseStore store, ServerPlan plan, AddressAllocator allocator, ClientKeyResolver keys, TimeProvider time, ILogSink log)
    {
        long restoreStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        int restored = LeaseRecords.Restore(store.Snapshot(), plan, allocator, keys, time.GetUtcNow(), NoSubnet(log));
        if (store is JournalLeaseStore { LoadResult: var loaded } && log.IsEnabled(LogSeverity.Debug))
            log.Write(LogSeverity.Debug, $"lease file: {loaded.RecordsRead} records, {loaded.LiveLeases} leases, read in {loaded.Duration.TotalSeconds:0.00} s{(loaded.Compacted ? " (rewritten)" : "")}; bindings restored in {System.Diagnostics.Stopwatch.GetElapsedTime(restoreStarted).TotalSeconds:0.00} s");
        if (log.IsEnabled(LogSeverity.Info)) log.Write(LogSeverity.Info, $"Wrote {restored} leases to leases file.");
    }

    /// <summary>Opens the interfaces and <c>--listen</c> sockets into <paramref name="ports"/>; false (the reason logged) when none can serve.</summary>
    private async Task<bool> OpenAllPortsAsync(EngineFactory engines, ServerPlan plan, List<IDatagramPort> ports, ILogSink log, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var port in OpenPortsAsync(engines, plan, log, cancellationToken)) ports.Add(port);
        }
        catch (StartupFailure failure)
        {
            if (log.IsEnabled(LogSeverity.Error)) log.Write(LogSeverity.Error, failure.Message);
            return false;
        }
        if (ports.Count == 0)
        {
            if (log.IsEnabled(LogSeverity.Error)) log.Write(LogSeverity.Error, "Not configured to listen on any interfaces!");
            return false;
        }
        return true;
    }

    /// <summary>
    /// What a cluster member does when it starts leading: it forgets what it held before and rebuilds its bindings from the
    /// committed leases, over the same plan (the plan holds no allocation state).
    /// </summary>
    private static Action<long> RebuildBindingsOnEpoch(DhcpServerCore core, ILeaseStore store, AddressAllocator allocator,
        ClientKeyResolver keys, TimeProvider time, ILogSink log) => epoch =>
    {
        var freshBindings = new AddressAllocator { OfferHold = allocator.OfferHold };
        // The plan in force now: a reload may have replaced the one the daemon started with (ReplaceBindings rebases on a later one).
        int restored = LeaseRecords.Restore(store.Snapshot(), core.Plan, freshBindings, keys, time.GetUtcNow(), NoSubnet(log));
        core.ReplaceBindings(freshBindings);
        if (log.IsEnabled(LogSeverity.Info)) log.Write(LogSeverity.Info, $"cluster: serving epoch {epoch}: {restored} committed leases restored");
    };

    /// <summary>Serves until stopped (the metrics endpoint, the pid file, the receive loops), then logs the shutdown; returns the exit code.</summary>
    private async Task<int> ServeUntilStoppedAsync(ServerHost host, DhcpServerCore core, ConfigReloader reloader, ILeaseStore store, List<IDatagramPort> ports, IDatagramPort? fallback,
        DaemonSettings settings, ILogSink log, CancellationToken cancellationToken)
    {
        bool metricsStopped = false;
        using var serving = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var metricsStarted = TryStartMetrics(settings, () => MetricsText.Render(core.Counters, host, store, ports, reloader), log, onStopped: () =>
        {
            metricsStopped = true;
            serving.Cancel();
        }, out var metrics);
        if (!metricsStarted) return 1;
        string? pidFile = commandLine.ResolvePidFile(environment, statements.PidFileName);
        if (pidFile is not null && !TryWritePidFile(pidFile, log)) pidFile = null;
        using var notifier = CreateNotifier(log);
        if (!BecomeService(log, notifier))
        {
            if (pidFile is not null) RemovePidFile(pidFile, log);
            if (metrics is not null) await metrics.DisposeAsync();
            return 1;
        }
        log.Write(LogSeverity.Info, "Server starting service.");
        bool journalFailed = false;
        if (store is JournalLeaseStore journal)
            StopWhenWriterFails(journal.WriterCompletion, serving, log, () => journalFailed = true);
        using var reloading = CancellationTokenSource.CreateLinkedTokenSource(serving.Token);
        var reloads = ServeReloadsAsync(reloader, store, notifier, log, reloading.Token);
        try
        {
            await host.RunAsync(serving.Token);
        }
        finally
        {
            // A reload under way finishes its read first (the parse is not interruptible); none starts after this.
            await reloading.CancelAsync();
            await reloads;
            notifier.Stopping();
            if (metrics is not null) await metrics.DisposeAsync();
        }
        if (log.IsEnabled(LogSeverity.Info))
            foreach (var p in fallback is null ? ports : [.. ports, fallback]) log.Write(LogSeverity.Info, $"{p.Name}: {p.Counters}");
        var shed = host.Intake;
        if (log.IsEnabled(LogSeverity.Info) && shed.Superseded + shed.DiscoversShed + shed.OthersShed > 0)
            log.Write(LogSeverity.Info, $"receive backlog: {shed.Superseded} retransmissions decided once, {shed.DiscoversShed} DISCOVERs and {shed.OthersShed} other requests shed in overload");
        if (log.IsEnabled(LogSeverity.Info)) log.Write(LogSeverity.Info, "Server shutting down.");
        if (pidFile is not null) RemovePidFile(pidFile, log);
        return host.Failed || metricsStopped || journalFailed ? 1 : 0;
    }

    /// <summary>
    /// Stops serving (one line, exit status 1) when the lease journal's writer dies: every commit fails from then on, and a
    /// server that answers DISCOVERs but can ACK nothing looks alive to systemd, which would never restart it.
    /// </summary>
    internal static void StopWhenWriterFails(Task writer, CancellationTokenSource serving, ILogSink log, Action failed) =>
        writer.ContinueWith(t =>
        {
            failed();
            if (log.IsEnabled(LogSeverity.Error))
                log.Write(LogSeverity.Error, $"Lease journal writer failed: {ErrorText.Of(t.Exception!.GetBaseException())} -- exiting");
            try
            {
                serving.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already shut down.
            }
        }, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>
    /// Starts the metrics endpoint when one is configured (<paramref name="metrics"/> stays null otherwise); false (the reason
    /// logged) when it cannot. <paramref name="onStopped"/> runs if the endpoint stops while the server serves.
    /// </summary>
    private static bool TryStartMetrics(DaemonSettings settings, Func<string> render, ILogSink log, Action onStopped, out MetricsEndpoint? metrics)
    {
        metrics = null;
        if (settings.MetricsEndpoint.Length > 0)
        {
            if (!MetricsEndpoint.TryParse(settings.MetricsEndpoint, out var endpoint, out var metricsError))
            {
                log.Write(LogSeverity.Error, metricsError);
                return false;
            }
            try
            {
                metrics = MetricsEndpoint.Start(endpoint, render,
                    failed: line => log.Write(LogSeverity.Error, line),
                    stopped: line =>
                    {
                        log.Write(LogSeverity.Error, line);
                        onStopped();
                    });
            }
            catch (Exception ex) when (ex is System.Net.HttpListenerException or System.Net.Sockets.SocketException)
            {
                if (log.IsEnabled(LogSeverity.Error)) log.Write(LogSeverity.Error, $"Can't serve metrics on {endpoint}: {ex.Message} -- exiting");
                return false;
            }
            log.Write(LogSeverity.Info, $"Serving metrics on http://{endpoint}/metrics");
        }
        return true;
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
                    return await RaftLeaseStore.StartAsync(settings.Cluster, membership, log, cancellationToken);
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
        string leaseFile = commandLine.ResolveLeaseFile(environment, statements.LeaseFileName);
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
                TimeFormat = statements.LocalTimes ? IscLeaseTimeFormat.LocalEpoch : IscLeaseTimeFormat.Utc,
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (log.IsEnabled(LogSeverity.Error)) log.Write(LogSeverity.Error, $"Can't open lease database {leaseFile}: {SystemReason(ex, leaseFile)} -- exiting");
            return null;
        }
        var loaded = store.LoadResult;
        foreach (var d in loaded.Diagnostics) log.Write(d.IsNote ? LogSeverity.Info : LogSeverity.Warning, (d with { File = leaseFile }).ToString());
        if (loaded.DamagedRegions > 0)
        {
            // ISC says "Corrupt lease file - possible data loss!"; this says what was left out and where the original is.
            log.Write(LogSeverity.Warning, $"{leaseFile}: {loaded.DamagedBytes} damaged bytes in {loaded.DamagedRegions} region(s) left out of the rewritten file; every intact lease kept; the original is kept as {loaded.Backup}");
        }
        return store;
    }

    // ISC goes on serving without a pid file ("Can't create PID file ...: No such file or directory."); so does this one.
    private static bool TryWritePidFile(string pidFile, ILogSink log)
    {
        try
        {
            File.WriteAllText(pidFile, $"{Environment.ProcessId}\n");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (log.IsEnabled(LogSeverity.Error)) log.Write(LogSeverity.Error, $"Can't create PID file {pidFile}: {SystemReason(ex, pidFile)}.");
            return false;
        }
    }

    // How .NET reports that another process holds the file's lock: its HRESULT on Windows, errno EWOULDBLOCK (flock) on Linux.
    private const int SharingViolation = unchecked((int)0x80070020);
    private const int WouldBlock = 11;

    // ISC prints strerror after the file it names (ErrorText.OfFile); a lock held by another process is dhcpd's own case.
    private static string SystemReason(Exception ex, string path)
    {
        var cause = ex.InnerException is IOException ? ex.InnerException : ex;
        return cause.HResult is SharingViolation or WouldBlock && !Directory.Exists(path)
            ? "locked by another process (another dhcpd serving this file?)"
            : ErrorText.OfFile(ex, path);
    }

    /// <summary>
    /// dhcpd.conf, for the option table and option spaces it defines (<c>option NAME code N = TYPE;</c>, <c>option space</c>),
    /// to read the lease file's host records in <c>-T</c>; an empty file's (the standard definitions) when dhcpd.conf
    /// cannot be read (-T checks the lease file).
    /// </summary>
    private ServerConfig ConfiguredDefinitions()
    {
        try
        {
            if (DhcpdConfigParser.Parse(commandLine.ResolveConfigFile(environment, exists)) is { Success: true } parsed) return parsed.Config;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
        return DhcpdConfigParser.ParseText("", "dhcpd.conf").Config!;
    }

    private int CheckLeaseFile()
    {
        string leaseFile = commandLine.ResolveLeaseFile(environment);
        byte[] data;
        try
        {
            // Without the server's lock: -T checks the file a running dhcpd is serving, as ISC's does.
            data = LeaseFileSnapshot.ReadAllBytes(leaseFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"Can't open lease database {leaseFile}: {SystemReason(ex, leaseFile)} -- exiting");
            return 1;
        }
        var content = new IscLeaseFileReader().Read(data);
        foreach (var d in content.Diagnostics) stderr.WriteLine((d with { File = leaseFile }).ToString());
        var hostProblems = new List<ConfigDiagnostic>();
        LeaseFileHosts.Check(content.Hosts, ConfiguredDefinitions(), leaseFile, hostProblems);
        foreach (var d in hostProblems) stderr.WriteLine(d.ToString());
        // Notes (valid ISC syntax we do not use, such as a failover state block) are printed but do not fail the check.
        return content.Diagnostics.Any(d => !d.IsNote) || hostProblems.Count > 0 ? 1 : 0;
    }

    private async IAsyncEnumerable<IDatagramPort> OpenPortsAsync(EngineFactory factory, ServerPlan plan, ILogSink log, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // No interface named and no --listen: every interface with an address in a declared subnet, as ISC.
        var names = commandLine.Interfaces.IsEmpty && commandLine.Listen.IsEmpty && commandLine.FabricFile is null
            ? InterfaceDiscovery.Choose(InterfaceDiscovery.List(), a => plan.SubnetContaining(a) is not null, log)
            : commandLine.Interfaces;
        foreach (var name in names)
        {
            IDatagramPort port;
            try
            {
                port = await factory.InterfaceEngine().OpenAsync(name, commandLine.Port, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or InvalidOperationException or ArgumentException or UnauthorizedAccessException or Engine.Fabric.Config.FabricConfigException)
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
            IDatagramPort port;
            try
            {
                port = await factory.Udp.OpenAsync($"udp:{endpoint}", (ushort)endpoint.Port, cancellationToken);
            }
            catch (System.Net.Sockets.SocketException ex)
            {
                // ISC's fatal "Can't bind to dhcp address: Address already in use", with the address it could not bind.
                throw new StartupFailure($"Can't bind to dhcp address {endpoint}: {ex.Message} -- exiting");
            }
            if (log.IsEnabled(LogSeverity.Info)) log.Write(LogSeverity.Info, $"Listening on {port.Name} for relayed requests");
            yield return port;
        }
    }

    /// <summary>A start-up step failed in a way that ends the start; the message is the line to log.</summary>
    private sealed class StartupFailure(string line) : Exception(line);
}
