using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Bench.BootStorm;

/// <summary>
/// The lease store dhcpd commits to, with the time each commit waited for its batch's write and fsync
/// recorded: how long an ACK was held back for durability.
/// </summary>
internal sealed class TimedLeaseStore(ILeaseStore inner) : ILeaseStore
{
    private long commits, ticks, maxTicks;

    public long Commits => Interlocked.Read(ref commits);

    public TimeSpan TotalWait => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref ticks));

    public TimeSpan MaxWait => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref maxTicks));

    public async ValueTask CommitAsync(Lease lease, CancellationToken cancellationToken = default)
    {
        long start = Stopwatch.GetTimestamp();
        await inner.CommitAsync(lease, cancellationToken).ConfigureAwait(false);
        long spent = Stopwatch.GetTimestamp() - start;
        Interlocked.Increment(ref commits);
        Interlocked.Add(ref ticks, spent);
        long max;
        while (spent > (max = Interlocked.Read(ref maxTicks)) && Interlocked.CompareExchange(ref maxTicks, spent, max) != max)
        {
        }
    }

    public bool TryGetByAddress(IPv4Address address, [NotNullWhen(true)] out Lease? lease) => inner.TryGetByAddress(address, out lease);

    public int Count => inner.Count;

    public long ServingEpoch => inner.ServingEpoch;

    public IReadOnlyCollection<Lease> Snapshot() => inner.Snapshot();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
