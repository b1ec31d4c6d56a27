using System.Diagnostics;

namespace IPoIBDhcp.Bench.BootStorm;

/// <summary>
/// Live counts of the storm, per boot stage, updated by thousands of node tasks and read by the progress line:
/// plain interlocked integers, no locks.
/// </summary>
internal sealed class StormCounters
{
    private readonly int[] started = new int[3];
    private readonly int[] bound = new int[3];
    private readonly int[] retrying = new int[3];
    private readonly int[] failed = new int[3];
    private long received, foreign, clientTicks;

    public void Started(BootStage stage) => Interlocked.Increment(ref started[(int)stage]);
    public void Bound(BootStage stage) => Interlocked.Increment(ref bound[(int)stage]);
    public void Failed(BootStage stage) => Interlocked.Increment(ref failed[(int)stage]);
    public void Retrying(BootStage stage, int delta) => Interlocked.Add(ref retrying[(int)stage], delta);

    public int StartedCount(BootStage stage) => Volatile.Read(ref started[(int)stage]);
    public int BoundCount(BootStage stage) => Volatile.Read(ref bound[(int)stage]);
    public int RetryingCount(BootStage stage) => Volatile.Read(ref retrying[(int)stage]);
    public int FailedCount(BootStage stage) => Volatile.Read(ref failed[(int)stage]);

    /// <summary>Adds one stage's client-side work: datagrams received, how many were other nodes' replies, CPU ticks spent on them.</summary>
    public void ClientWork(long receivedDatagrams, long foreignDatagrams, long ticks)
    {
        Interlocked.Add(ref received, receivedDatagrams);
        Interlocked.Add(ref foreign, foreignDatagrams);
        Interlocked.Add(ref clientTicks, ticks);
    }

    /// <summary>Datagrams the node ports handed to their clients.</summary>
    public long ClientDatagrams => Interlocked.Read(ref received);

    /// <summary>Of those, replies to other nodes (partition broadcasts) dropped by xid.</summary>
    public long ForeignDatagrams => Interlocked.Read(ref foreign);

    /// <summary>Time the clients spent handling received datagrams (filter, decode, state machine, sends).</summary>
    public TimeSpan ClientTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref clientTicks));
}
