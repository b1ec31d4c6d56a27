using IPoIBDhcp.Fuzz;

namespace IPoIBDhcp.Tests.Fuzz;

/// <summary>
/// Replays every input fuzzing has found (fuzz/regressions/TARGET/*: crashes and hangs that fuzz/run.sh saved,
/// since fixed) against its reader: each gives a value or the reader's typed error, in bounded time.
/// </summary>
[TestFixture]
public sealed class FuzzRegressionTests
{
    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(10);

    public static IEnumerable<TestCaseData> Inputs()
    {
        string root = Path.Combine(FuzzRepository.Root, "fuzz", "regressions");
        if (!Directory.Exists(root)) yield break;
        foreach (string folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            foreach (string file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
            {
                string target = Path.GetFileName(folder);
                yield return new TestCaseData(target, Path.GetRelativePath(root, file)).SetName($"Replay({target}/{Path.GetFileName(file)})");
            }
        }
    }

    [TestCaseSource(nameof(Inputs))]
    public void Replay(string target, string relativePath)
    {
        Assert.That(FuzzTargets.All.TryGetValue(target, out var reader), Is.True, $"fuzz/regressions/{target} names no fuzz target");
        byte[] input = File.ReadAllBytes(Path.Combine(FuzzRepository.Root, "fuzz", "regressions", relativePath));
        FuzzRepository.RunBounded(reader!, input, PerInput);
    }

    [Test]
    public void EveryCorpusFolderNamesATarget()
    {
        foreach (string kind in new[] { "regressions", "pending", "seeds" })
        {
            string root = Path.Combine(FuzzRepository.Root, "fuzz", kind);
            if (!Directory.Exists(root)) continue;
            foreach (string folder in Directory.GetDirectories(root))
                Assert.That(FuzzTargets.All.ContainsKey(Path.GetFileName(folder)), $"fuzz/{kind}/{Path.GetFileName(folder)} names no fuzz target");
        }
    }
}
