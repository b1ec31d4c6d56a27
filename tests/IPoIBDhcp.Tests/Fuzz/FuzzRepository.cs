namespace IPoIBDhcp.Tests.Fuzz;

/// <summary>The repository checkout the tests run from: fuzz seeds and the regression corpus live there.</summary>
internal static class FuzzRepository
{
    public static string Root => IPoIBDhcp.Tests.Client.RepoFiles.Root;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<IPoIBDhcp.Fuzz.FuzzTarget, bool> Warm = new();

    /// <summary>
    /// Runs <paramref name="input"/> through <paramref name="target"/>; fails if it takes longer than the hang bound.
    /// A target's first call (JIT, grammar construction) is an empty input, outside the bound.
    /// </summary>
    public static void RunBounded(IPoIBDhcp.Fuzz.FuzzTarget target, byte[] input, TimeSpan bound)
    {
        if (Warm.TryAdd(target, true)) target([]);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        target(input);
        if (watch.Elapsed > bound)
            throw new TimeoutException($"the reader took {watch.Elapsed.TotalSeconds:F1} s on one input (bound {bound.TotalSeconds} s): a hang");
    }
}
