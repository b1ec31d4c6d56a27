namespace IPoIBDhcp.Engine.Fabric.Config;

/// <summary>
/// Seeded fault injection for the emulated fabric, so tests can reproduce a lossy, duplicating, reordering
/// or slow fabric exactly: the same seed and the same sends give the same faults.
/// </summary>
/// <param name="Loss">Probability (0..1) that a sent frame is lost.</param>
/// <param name="Duplicate">Probability that a frame is delivered twice.</param>
/// <param name="Reorder">Probability that a frame is held back and delivered after the sender's next frame.</param>
/// <param name="Corrupt">Probability that a frame is damaged in flight (the receiving HCA reports a checksum failure).</param>
/// <param name="Delay">Fixed extra latency per frame (zero for none).</param>
/// <param name="Jitter">Up to this much random extra latency on top of <paramref name="Delay"/>.</param>
/// <param name="Seed">Seed for the random decisions; each port derives its own stream from it.</param>
public sealed record FabricFaults(
    double Loss = 0,
    double Duplicate = 0,
    double Reorder = 0,
    double Corrupt = 0,
    TimeSpan Delay = default,
    TimeSpan Jitter = default,
    int Seed = 1)
{
    /// <summary>No faults: the fabric delivers every frame once, in order, at once.</summary>
    public static FabricFaults None { get; } = new();

    /// <summary>True when no fault can happen, so the fast path can skip the injector.</summary>
    public bool IsNone => Loss <= 0 && Duplicate <= 0 && Reorder <= 0 && Corrupt <= 0 && Delay <= TimeSpan.Zero && Jitter <= TimeSpan.Zero;
}
