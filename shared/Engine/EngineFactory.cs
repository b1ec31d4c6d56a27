using IPoIBDhcp.Engine.Fabric;
using IPoIBDhcp.Engine.PacketSocket;
using IPoIBDhcp.Engine.Udp;

namespace IPoIBDhcp.Engine;

/// <summary>
/// The one place dhcpd and dhclient build engines from their command lines, so both programs find the fabric
/// file and choose a backend by the same rules: interfaces (<c>ib0</c>, <c>ib0.8001</c>, <c>eth0</c>) are served
/// by the emulated fabric when a fabric file is located (<see cref="LocateFabricFile"/>), else by packet sockets;
/// <c>udp:ADDRESS:PORT</c> names (dhcpd's <c>--listen</c>) by plain UDP sockets.
/// </summary>
public sealed class EngineFactory : IAsyncDisposable
{
    private readonly Lock gate = new();
    private IDatagramEngine? packet;
    private FabricEngine? fabric;
    private UdpEngine? udp;
    private bool disposed;

    /// <summary>Builds engines for a command line.</summary>
    /// <param name="fabricFile">The <c>--fabric</c> value, or null when the flag was not given.</param>
    /// <param name="environment">Environment lookup (<c>IPOIBDHCP_FABRIC</c>).</param>
    public EngineFactory(string? fabricFile, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        FabricFile = LocateFabricFile(fabricFile, environment);
    }

    /// <summary>
    /// The fabric.conf to serve interfaces from: the <c>--fabric</c> value if given, else <c>IPOIBDHCP_FABRIC</c>, else
    /// null (real interfaces). An empty value counts as not given, so <c>IPOIBDHCP_FABRIC=</c> turns the fabric off.
    /// </summary>
    public static string? LocateFabricFile(string? commandLineValue, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrEmpty(commandLineValue)) return commandLineValue;
        return environment(FabricEngine.ConfigEnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
    }

    /// <summary>The located fabric file (<see cref="LocateFabricFile"/>), or null when interfaces are real.</summary>
    public string? FabricFile { get; }

    /// <summary>
    /// The engine that opens interfaces by name: the emulated fabric of <see cref="FabricFile"/> (loaded on the first
    /// call and shared after), or packet sockets.
    /// </summary>
    /// <exception cref="Fabric.Config.FabricConfigException">The fabric file or its partitions file is invalid (the next call tries again).</exception>
    /// <exception cref="IOException">The fabric file cannot be read (the next call tries again).</exception>
    /// <exception cref="UnauthorizedAccessException">The fabric file cannot be read (the next call tries again).</exception>
    /// <exception cref="ArgumentException"><c>IPOIBDHCP_FABRIC_HOST</c> names a host the fabric does not have.</exception>
    /// <exception cref="ObjectDisposedException">The factory was disposed.</exception>
    public IDatagramEngine InterfaceEngine()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (FabricFile is null) return packet ??= new PacketSocketEngine();
            return fabric ??= FabricEngine.Load(FabricFile);
        }
    }

    /// <summary>The engine for <c>udp:ADDRESS[:PORT]</c> names: dhcpd's <c>--listen</c> sockets for relayed traffic.</summary>
    public IDatagramEngine Udp
    {
        get
        {
            lock (gate) return udp ??= new UdpEngine();
        }
    }

    /// <summary>Leaves the emulated fabric, if one was loaded (its ports close with it).</summary>
    public async ValueTask DisposeAsync()
    {
        FabricEngine? loaded;
        lock (gate)
        {
            disposed = true;
            loaded = fabric;
            fabric = null;
        }
        if (loaded is not null) await loaded.DisposeAsync().ConfigureAwait(false);
    }
}
