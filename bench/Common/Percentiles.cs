namespace IPoIBDhcp.Bench;

/// <summary>Nearest-rank percentiles of a set of durations (milliseconds).</summary>
public readonly record struct Percentiles(int Count, double P50, double P90, double P99, double Max)
{
    /// <summary>Percentiles of <paramref name="values"/> (sorted in place); all zero when empty.</summary>
    public static Percentiles Of(double[] values)
    {
        if (values.Length == 0) return new Percentiles(0, 0, 0, 0, 0);
        Array.Sort(values);
        double Rank(double p) => values[Math.Clamp((int)Math.Ceiling(p * values.Length) - 1, 0, values.Length - 1)];
        return new Percentiles(values.Length, Rank(0.50), Rank(0.90), Rank(0.99), values[^1]);
    }

    /// <summary>As the summary prints it.</summary>
    public override string ToString() =>
        Count == 0 ? "n/a" : $"p50 {Ms(P50)}  p90 {Ms(P90)}  p99 {Ms(P99)}  max {Ms(Max)}";

    /// <summary>Milliseconds, or seconds from 10 s up.</summary>
    public static string Ms(double ms) =>
        ms >= 10_000 ? (ms / 1000).ToString("0.00 s", System.Globalization.CultureInfo.InvariantCulture)
        : ms.ToString("0.0 ms", System.Globalization.CultureInfo.InvariantCulture);
}
