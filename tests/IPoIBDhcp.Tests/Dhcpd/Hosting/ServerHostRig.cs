using System.Diagnostics.CodeAnalysis;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Logging;
using IPoIBDhcp.Server.Hosting;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Tests.Dhcpd.Hosting;

/// <summary>A host over a harness core and the given ports, running until disposed.</summary>
internal sealed class ServerHostRig : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly ErrorSink log = new();

    private ServerHostRig(IReadOnlyList<IDatagramPort> ports, IDatagramPort? fallback, int backlogCapacity)
    {
        Host = new ServerHost(new ServerHarness().Core, new EmptyStore(), ports, log, TimeProvider.System, 67) { Fallback = fallback, BacklogCapacity = backlogCapacity };
        Run = Host.RunAsync(stop.Token);
    }

    public ServerHost Host { get; }

    public Task Run { get; }

    public IReadOnlyList<string> Errors => log.Lines;

    public static ServerHostRig Start(IDatagramPort port, IDatagramPort? fallback, int backlogCapacity = 256) => new([port], fallback, backlogCapacity);

    public static ServerHostRig Start(IReadOnlyList<IDatagramPort> ports, IDatagramPort? fallback) => new(ports, fallback, 256);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await Run.WaitAsync(TimeSpan.FromSeconds(10));
        stop.Dispose();
    }
}

internal sealed class ErrorSink : ILogSink
{
    private readonly List<string> lines = [];

    public LogSeverity Threshold => LogSeverity.Error;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines) return [.. lines];
        }
    }

    public void Write(LogSeverity severity, string line)
    {
        lock (lines) lines.Add(line);
    }
}

/// <summary>A store that serves (epoch 0) and holds nothing: OFFERs need no commit.</summary>
internal sealed class EmptyStore : ILeaseStore
{
    public int Count => 0;
    public long ServingEpoch => 0;
    public ValueTask CommitAsync(Lease lease, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    public bool TryGetByAddress(IPv4Address address, [NotNullWhen(true)] out Lease? lease) { lease = null; return false; }
    public IReadOnlyCollection<Lease> Snapshot() => [];
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
