using System.Diagnostics;

namespace IPoIBDhcp.Bench.BootStorm;

/// <summary>Everything one storm measured, from which the summary, the exit status and the result row are made.</summary>
internal sealed class StormResult
{
    public required StormOptions Options { get; init; }
    public required StormLayout Layout { get; init; }
    public required NodeOutcome[] Nodes { get; init; }
    public required ServerFigures Server { get; init; }
    public required string ServerDescription { get; init; }
    public required StormCounters Counters { get; init; }

    /// <summary>Stopwatch timestamp when the nodes were switched on (before jitter).</summary>
    public required long Origin { get; init; }

    /// <summary>Wall time from switch-on until every node was bound, or until the storm ended if some never were.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>True when the global timeout cut the storm short.</summary>
    public required bool TimedOut { get; init; }

    public required TimeSpan CpuTime { get; init; }
    public required int[] GcCollections { get; init; }
    public required TimeSpan GcPause { get; init; }
    public required long AllocatedBytes { get; init; }
    public required long PeakWorkingSet { get; init; }
    public required TimeSpan SetupTime { get; init; }

    /// <summary>1-minute load average before and after the storm (other processes competing for the cores).</summary>
    public required (double? Before, double? After) Load { get; init; }

    public int BoundCount => Nodes.Count(n => n.Bound);
    public int UnboundCount => Nodes.Length - BoundCount;
    public int AddressChanges => Nodes.Sum(n => n.AddressChanges);
    public long Retransmissions => Nodes.Sum(n => (long)n.Retransmissions);
    public long Sends => Nodes.Sum(n => (long)n.Sends);

    /// <summary>Final addresses held by more than one node (must be 0).</summary>
    public int DuplicateAddresses =>
        Nodes.Where(n => n.Bound).GroupBy(n => n.Address[(int)BootStage.Os]).Count(g => g.Count() > 1);

    /// <summary>Power-on to OS bound.</summary>
    public Percentiles Total => Percentiles.Of([.. Nodes.Where(n => n.Bound).Select(n => Ms(n.PowerOn, n.BoundAt[2]))]);

    /// <summary>Time spent in one stage (from the previous stage's bind, or power-on).</summary>
    public Percentiles Stage(BootStage stage)
    {
        int s = (int)stage;
        return Percentiles.Of([.. Nodes.Where(n => n.BoundAt[s] != 0).Select(n => Ms(s == 0 ? n.PowerOn : n.BoundAt[s - 1], n.BoundAt[s]))]);
    }

    /// <summary>True when the storm met its invariants: every node bound, no address changed or shared.</summary>
    public bool Succeeded => UnboundCount == 0 && AddressChanges == 0 && DuplicateAddresses == 0;

    private static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
}
