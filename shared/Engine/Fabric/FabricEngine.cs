using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using IPoIBDhcp.Engine.Fabric.Config;
using IPoIBDhcp.InfiniBand;

namespace IPoIBDhcp.Engine.Fabric;

/// <summary>
/// The emulated IPoIB fabric as an <see cref="IDatagramEngine"/>: the default engine on a machine without
/// InfiniBand and the test bed for everything IB-specific. <see cref="OpenAsync"/> opens an interface of this
/// process's host (<c>ib0</c>, or a P_Key child such as <c>ib0.8001</c>); <see cref="OpenPort"/> and
/// <see cref="OpenPorts"/> open any host's interfaces, which is how a boot-storm simulation brings up
/// thousands of nodes in one process.
/// </summary>
public sealed class FabricEngine : IDatagramEngine, IAsyncDisposable
{
    /// <summary>Environment variable naming the fabric.conf when <c>--fabric</c> is not given (see <see cref="EngineFactory.LocateFabricFile"/>).</summary>
    public const string ConfigEnvironmentVariable = "IPOIBDHCP_FABRIC";

    /// <summary>Environment variable naming this process's host in the fabric.</summary>
    public const string HostEnvironmentVariable = "IPOIBDHCP_FABRIC_HOST";

    private readonly FabricEngineOptions options;
    private readonly PartitionsWatcher watcher;
    private readonly CancellationTokenSource shutdown = new();
    private readonly LoopbackFabricLink? link;
    private readonly ConcurrentDictionary<(string Host, string Interface), uint> qpns = new();
    private readonly ConcurrentDictionary<FabricPort, byte> ports = new(ReferenceEqualityComparer.Instance);
    private readonly uint firstQpn;
    private long qpnsAssigned;
    private int bulkOpen;
    private volatile bool disposed;
    private int disposing;

    private FabricEngine(FabricDefinition definition, FabricEngineOptions options)
    {
        this.options = options;
        Definition = definition;
        string? host = options.HostName ?? Environment.GetEnvironmentVariable(HostEnvironmentVariable);
        HostName = string.IsNullOrEmpty(host) ? definition.Hosts[0].Name : host;
        if (definition.FindHost(HostName) is null)
            throw new ArgumentException($"host '{HostName}' is not in fabric '{definition.Name}'", nameof(options));
        var qpnRandom = options.Seed is int seed ? new Random(seed) : new Random();
        // QPNs start somewhere random in the lower half, as a freshly loaded driver's do, and count up.
        firstQpn = (uint)qpnRandom.Next(0x000100, 0x7F_FFFF);
        watcher = new PartitionsWatcher(definition.PartitionsPath, options.PartitionsPollInterval);
        Fabric = new InProcessFabric(definition, watcher, shutdown.Token);
        if (options.Transport == FabricTransport.Loopback)
        {
            string directory = options.RegistryDirectory ?? FabricRegistry.DefaultDirectory(definition.Name);
            string entry = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{Random.Shared.Next():x8}");
            try
            {
                link = LoopbackFabricLink.Start(Fabric, directory, entry);
                Fabric.Link = link;
                link.Publish();
            }
            catch
            {
                watcher.DisposeAsync().AsTask().GetAwaiter().GetResult();
                throw;
            }
        }
    }

    /// <summary>Creates an engine for a parsed fabric.</summary>
    /// <exception cref="ArgumentException">The selected host is not in the fabric.</exception>
    /// <exception cref="FabricConfigException">The partitions file is invalid.</exception>
    public static FabricEngine Create(FabricDefinition definition, FabricEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new FabricEngine(definition, options ?? new FabricEngineOptions());
    }

    /// <summary>Loads fabric.conf (and its partitions file) and creates an engine.</summary>
    /// <exception cref="FabricConfigException">fabric.conf or the partitions file is invalid.</exception>
    public static FabricEngine Load(string fabricConfigPath, FabricEngineOptions? options = null) =>
        Create(FabricConfigParser.Load(fabricConfigPath), options);

    /// <summary>The fabric's description.</summary>
    public FabricDefinition Definition { get; }

    /// <summary>The host <see cref="OpenAsync"/> opens interfaces of.</summary>
    public string HostName { get; }

    /// <summary>The local switch (port count, frames of other fabrics).</summary>
    public InProcessFabric Fabric { get; }

    /// <summary>The transport to other processes.</summary>
    public FabricTransport Transport => options.Transport;

    /// <summary>Where this engine's loopback socket is bound (null in-process).</summary>
    public IPEndPoint? LoopbackEndPoint => link?.EndPoint;

    /// <summary>This engine's registry entry file (null in-process).</summary>
    public string? RegistryEntry => link?.RegistryFile;

    /// <summary>The partition table now in force.</summary>
    public PartitionTable Partitions => watcher.Current;

    /// <summary>Why the last edit of the partitions file was rejected (<c>file:line:col: reason</c>), or null.</summary>
    public string? PartitionsError => watcher.LastError;

    /// <summary>Raised when an edited partitions file has been taken into force.</summary>
    public event Action<PartitionTable>? PartitionsChanged
    {
        add => watcher.Changed += value;
        remove => watcher.Changed -= value;
    }

    /// <summary>Re-reads the partitions file now if it changed (it is also polled); true when a new table is in force.</summary>
    public bool ReloadPartitions() => watcher.Check();

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">This host has no such interface, or the name is not <c>ibN</c>/<c>ibN.PKEY</c>.</exception>
    public ValueTask<IDatagramPort> OpenAsync(string interfaceName, ushort localPort, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IDatagramPort>(OpenPort(HostName, interfaceName, localPort));
    }

    /// <summary>Opens an interface of any host of the fabric.</summary>
    /// <param name="hostName">Host in fabric.conf.</param>
    /// <param name="interfaceName"><c>ib0</c> (default partition, P_Key 0xffff) or a child such as <c>ib0.8001</c>.</param>
    /// <param name="localPort">UDP port to receive on.</param>
    /// <param name="faults">Fault injection for this port (null: the engine's).</param>
    /// <param name="transactionFilter">
    /// A <see cref="FabricPort.TransactionFilter"/> in place from the first frame, as a client attaches its socket
    /// filter before it binds (null: none).
    /// </param>
    /// <exception cref="ArgumentException">Unknown host or interface.</exception>
    /// <exception cref="InvalidOperationException">The interface is already open on that UDP port.</exception>
    public FabricPort OpenPort(string hostName, string interfaceName, ushort localPort, FabricFaults? faults = null, uint? transactionFilter = null)
    {
        FabricPort port = Attach(hostName, interfaceName, localPort, faults, transactionFilter);
        if (Volatile.Read(ref bulkOpen) == 0)
            link?.Publish();
        return port;
    }

    /// <summary>
    /// Opens the same interface on many hosts at once (a boot storm's nodes), publishing the registry entry once
    /// rather than per port.
    /// </summary>
    /// <param name="hostNames">Hosts in fabric.conf.</param>
    /// <param name="interfaceName">The interface to open on each.</param>
    /// <param name="localPort">UDP port to receive on.</param>
    /// <param name="transactionFilter">A <see cref="FabricPort.TransactionFilter"/> every port has from its first frame (null: none).</param>
    /// <exception cref="ArgumentException">Unknown host or interface (ports opened before it stay open).</exception>
    public IReadOnlyList<FabricPort> OpenPorts(IEnumerable<string> hostNames, string interfaceName, ushort localPort, uint? transactionFilter = null)
    {
        ArgumentNullException.ThrowIfNull(hostNames);
        var opened = new List<FabricPort>();
        Interlocked.Increment(ref bulkOpen);
        try
        {
            foreach (string host in hostNames)
                opened.Add(Attach(host, interfaceName, localPort, null, transactionFilter));
        }
        finally
        {
            Interlocked.Decrement(ref bulkOpen);
            link?.Publish();
        }
        return opened;
    }

    /// <summary>The hosts generated by <c>nodes</c> statements, in order: the usual argument of <see cref="OpenPorts"/>.</summary>
    public IEnumerable<string> GeneratedHostNames => Definition.Hosts.Where(h => h.Generated).Select(h => h.Name);

    private FabricPort Attach(string hostName, string interfaceName, ushort localPort, FabricFaults? faults, uint? transactionFilter)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostName);
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        FabricHost host = Definition.FindHost(hostName) ?? throw new ArgumentException($"host '{hostName}' is not in fabric '{Definition.Name}'", nameof(hostName));
        if (!TrySplitInterface(interfaceName, out string parent, out PKey pkey))
            throw new ArgumentException($"'{interfaceName}' is not an IPoIB interface name (ib0, or a P_Key child such as ib0.8001)", nameof(interfaceName));
        FabricHostPort hostPort = host.FindPort(parent)
            ?? throw new ArgumentException($"host '{hostName}' has no port '{parent}' in fabric '{Definition.Name}'", nameof(interfaceName));
        // No lock: a storm opens thousands of ports at once from many threads.
        ObjectDisposedException.ThrowIf(disposed, this);
        uint qpn = qpns.GetOrAdd((host.Name, interfaceName), static (_, engine) => engine.NextQpn(), this);
        var port = new FabricPort(this, Fabric, host, hostPort, interfaceName, pkey, qpn, localPort, options.ReceiveQueueCapacity);
        if (transactionFilter is uint xid)
            port.ExchangeFilter(xid);
        Fabric.Attach(port);
        ports.TryAdd(port, 0);
        if (disposed)
        {
            // Disposal started meanwhile and may have missed this port.
            ports.TryRemove(port, out _);
            Fabric.Detach(port);
            throw new ObjectDisposedException(nameof(FabricEngine));
        }
        if (host.Addresses.TryGetValue(interfaceName, out var configured))
            port.LocalAddress = configured;
        FabricFaults profile = faults ?? options.Faults ?? Definition.Faults;
        if (!profile.IsNone)
            port.Faults = profile;
        return port;
    }

    /// <summary>Splits <c>ib0.8001</c> into parent <c>ib0</c> and P_Key 0x8001 (full bit set, as create_child does); <c>ib0</c> is P_Key 0xffff.</summary>
    internal static bool TrySplitInterface(string name, out string parent, out PKey pkey)
    {
        int dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            parent = name;
            pkey = PKey.Default;
            return name.Length > 0;
        }
        parent = name[..dot];
        ReadOnlySpan<char> suffix = name.AsSpan(dot + 1);
        if (parent.Length == 0 || suffix.Length != 4 || !PKey.TryParse(suffix, out PKey child))
        {
            pkey = default;
            return false;
        }
        pkey = child.AsFull();
        return true;
    }

    /// <summary>The next queue pair number, counting up from <see cref="firstQpn"/> and wrapping within 0x100–0xFFFFFE.</summary>
    private uint NextQpn()
    {
        const uint low = 0x100, span = 0xFF_FFFF - 0x100;
        long n = Interlocked.Increment(ref qpnsAssigned) - 1;
        return low + (uint)((firstQpn - low + n) % span);
    }

    internal void Published()
    {
        if (Volatile.Read(ref bulkOpen) == 0)
            link?.Publish();
    }

    internal ValueTask ClosedAsync(FabricPort port)
    {
        if (ports.TryRemove(port, out _) && !disposed)
            Published();
        return ValueTask.CompletedTask;
    }

    /// <summary>Closes every port, leaves the fabric (removes the registry entry) and stops watching the partitions file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposing, 1) != 0)
            return;
        disposed = true;
        FabricPort[] open = [.. ports.Keys];
        ports.Clear();
        foreach (FabricPort port in open)
            await port.DisposeAsync().ConfigureAwait(false);
        await shutdown.CancelAsync().ConfigureAwait(false);
        if (link is not null)
            await link.DisposeAsync().ConfigureAwait(false);
        await watcher.DisposeAsync().ConfigureAwait(false);
        shutdown.Dispose();
    }
}
