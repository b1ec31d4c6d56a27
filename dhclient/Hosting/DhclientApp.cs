using IPoIBDhcp.Client.Config;
using IPoIBDhcp.Client.Leases;
using IPoIBDhcp.Client.Protocol;
using IPoIBDhcp.Client.Script;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Logging;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Client.Hosting;

/// <summary>
/// dhclient as a program: command line, dhclient.conf, lease file, pid file, one client per interface on
/// the selected engine. Everything outside (engine, clock, stderr, environment, host name, address
/// hand-off) is injected, so the whole program runs in tests over in-memory ports.
/// </summary>
/// <remarks>
/// Going to the background (without <c>-d</c>: after the first binding, or at once with <c>-nw</c>) is the
/// <see cref="Background"/> link's job; the program itself runs the same either way.
/// </remarks>
public sealed partial class DhclientApp
{
    /// <summary>The environment variable that picks the derived IPoIB identifier form.</summary>
    public const string ClientIdFormVariable = "IPOIBDHCP_CLIENT_ID_FORM";

    private readonly IEngineFactory engines;
    private readonly TimeProvider time;
    private readonly TextWriter stderr;
    private readonly Func<string, string?> environment;
    private readonly Func<string?> hostName;
    private readonly IAddressConfigurator addresses;

    /// <summary>Wires the program to its surroundings.</summary>
    /// <param name="engines">Creates the engine the command line selects.</param>
    /// <param name="time">The clock for every timer.</param>
    /// <param name="stderr">Where usage, errors and the log go (all of it with -d/-v, only problems with dhclient's own files without).</param>
    /// <param name="environment">Environment lookup (PATH_DHCLIENT_*, IPOIBDHCP_CLIENT_ID_FORM).</param>
    /// <param name="hostName">gethostname() for <c>send host-name = gethostname();</c>.</param>
    /// <param name="addresses">Address hand-off to the port; records only, by default.</param>
    public DhclientApp(IEngineFactory engines, TimeProvider time, TextWriter stderr, Func<string, string?> environment,
        Func<string?> hostName, IAddressConfigurator? addresses = null)
    {
        this.engines = engines;
        this.time = time;
        this.stderr = stderr;
        this.environment = environment;
        this.hostName = hostName;
        this.addresses = addresses ?? new RecordingAddressConfigurator();
    }

    /// <summary>
    /// Runs dhclient with <paramref name="args"/> until done or cancelled; returns the exit status (ISC's: 0, 1 usage/config,
    /// 2 no lease with -1). A stop (SIGTERM) at any point, start-up included, ends it with 0 and no trace.
    /// </summary>
    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        try
        {
            return await RunCoreAsync(args, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
    }

    private async Task<int> RunCoreAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (!CommandLine.TryParse(args, environment, out var options, out var usageError))
        {
            Error(usageError);
            stderr.WriteLine(CommandLine.Usage);
            return 1;
        }
        if (!ClientIdentityResolver.TryParseForm(environment(ClientIdFormVariable), out var form))
        {
            Error($"{ClientIdFormVariable} must be flexboot, rfc4390 or guid");
            return 1;
        }
        // ISC's dhclient logs to syslog and, with -d or -v, to stderr as well. This one has no syslog sink (yet): without
        // -d/-v only problems with its own files (lease file, pid file) reach stderr, and the clients' lines go nowhere.
        var log = new StderrLogSink(stderr, options.Verbose ? LogSeverity.Info : LogSeverity.Warning);
        ILogSink clientLog = options.Verbose ? log : NullLogSink.Instance;
        log.Write(LogSeverity.Info, "IPoIB-DHCP dhclient (ISC dhclient compatible, DHCPv4 over IPoIB and Ethernet)");

        ClientConfiguration conf;
        if (Directory.Exists(options.ConfigFile))
        {
            // A missing dhclient.conf is an empty one (as ISC), so a directory must be caught before the load.
            Error($"{options.ConfigFile}: Is a directory");
            return 1;
        }
        try
        {
            conf = ClientConfParser.Load(options.ConfigFile);
        }
        catch (ConfException e)
        {
            foreach (var error in e.Errors) stderr.WriteLine(error);
            Error($"{options.ConfigFile}: configuration refused ({e.Errors.Count} error{(e.Errors.Count == 1 ? "" : "s")})");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Error($"{options.ConfigFile}: {ErrorText.OfFile(e, options.ConfigFile)}");
            return 1;
        }

        var leases = new LeaseDatabase(options.LeaseFile, conf.Options, time);
        try
        {
            foreach (var problem in leases.Load()) log.Write(LogSeverity.Warning, problem);
            leases.Rewrite();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Write(LogSeverity.Error, $"can't create {options.LeaseFile}: {ErrorText.OfFile(e, options.LeaseFile)}");
        }

        var interfaces = options.Interfaces.Length > 0 ? [.. options.Interfaces] : conf.Interfaces.Keys.Order().ToList();
        if (interfaces.Count == 0)
        {
            log.Write(LogSeverity.Info, "No broadcast interfaces found - exiting.");
            if (options.Persist) await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        var mode = options.Release ? ClientRunMode.Release : options.Exit ? ClientRunMode.Stop : ClientRunMode.Run;
        if (mode != ClientRunMode.Run && !options.NoPidFile && RunningClient.Terminate(options.PidFile))
            log.Write(LogSeverity.Info, $"stopped the running client (pid file {options.PidFile})");

        IDatagramEngine engine;
        try
        {
            engine = engines.Create(new EngineSelection(options.FabricFile, options.Server));
        }
        catch (Exception e) when (e is NotSupportedException or IOException or UnauthorizedAccessException or ArgumentException or IPoIBDhcp.Engine.Fabric.Config.FabricConfigException)
        {
            Error($"cannot open the engine: {ErrorText.Of(e)}");
            return 1;
        }
        if (mode == ClientRunMode.Run && !options.NoPidFile) RunningClient.WritePid(options.PidFile, log);

        using var notifier = CreateNotifier(log);
        using var stopping = cancellationToken.Register(() => notifier.Stopping());
        var readiness = new ClientReadiness(Background, notifier, options.NoWait, interfaces.Count);
        var runs = interfaces.Select(name => RunInterfaceAsync(name, engine, conf, leases, options, form, mode, log, clientLog, readiness, cancellationToken)).ToList();
        int[] codes = await Task.WhenAll(runs).ConfigureAwait(false);
        return codes.Contains(2) ? 2 : codes.Max();
    }

    private async Task<int> RunInterfaceAsync(string name, IDatagramEngine engine, ClientConfiguration conf, LeaseDatabase leases,
        CommandLineOptions options, ClientIdForm form, ClientRunMode mode, ILogSink log, ILogSink clientLog, ClientReadiness readiness, CancellationToken cancellationToken)
    {
        IDatagramPort port;
        try
        {
            port = await engine.OpenAsync(name, options.ClientPort, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Error($"{name}: {ErrorText.Of(e)}");
            readiness.PortSettled();
            return 1;
        }
        readiness.PortSettled();
        await using (port.ConfigureAwait(false))
        {
            var settings = conf.For(name);
            var link = new ClientLink(name, port.LinkType, port.LinkAddress, port.Mtu)
            {
                ClientPort = options.ClientPort,
                ServerPort = options.ServerPort,
                Server = options.Server,
            };
            var identity = ClientIdentityResolver.Resolve(port.LinkType, port.LinkAddress, settings.ClientIdentifier,
                leases.PinnedIdentity(name), form, out string source);
            ClientMessageBuilder builder;
            try
            {
                builder = new ClientMessageBuilder(link, settings, identity, hostName());
            }
            catch (ArgumentException e)
            {
                Error($"{name}: {ErrorText.Of(e)}");
                return 1;
            }
            if (identity is { } id) log.Write(LogSeverity.Info, $"{name}: client-identifier {id.Describe()}, {source}");
            string script = Path.GetFullPath(options.ScriptFile ?? settings.Script ?? CommandLineOptions.DefaultScriptFile);
            var services = new ClientServices(
                new DhclientScript(script, name, settings.Request, conf.Options, clientLog, options.ScriptEnvironment),
                new SafeLeaseStore(leases, log),
                PortAddressConfigurator.For(port, addresses),
                clientLog,
                mode == ClientRunMode.Run ? readiness : null);
            var runner = new DhcpClientRunner(port, link, settings, builder, services, time, new Random(), options.OneTry);
            try
            {
                return await runner.RunAsync(mode, leases.LatestFor(name), conf.FallbacksFor(name), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 0;
            }
        }
    }

    private void Error(string line) => stderr.WriteLine($"dhclient: {line}");

    // A full disk must not stop renewals: the lease write failure is logged (as ISC: "can't create …").
    private sealed class SafeLeaseStore(LeaseDatabase inner, ILogSink log) : ILeaseStore
    {
        public void Record(ClientLease lease)
        {
            try
            {
                inner.Record(lease);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.Write(LogSeverity.Error, $"write_client_lease: {ErrorText.Of(e)}");
            }
        }
    }
}
