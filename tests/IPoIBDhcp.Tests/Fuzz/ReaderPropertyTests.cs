using CsCheck;
using IPoIBDhcp.Fuzz;

namespace IPoIBDhcp.Tests.Fuzz;

/// <summary>
/// Every reader, fed random bytes and damaged golden fixtures: it gives a value or its own typed error (a
/// diagnostic, a false Try result, the exception it documents), never another exception and never a hang.
/// The same targets run for hours under afl-fuzz (fuzz/run.sh); these are the quick CI-sized samples.
/// </summary>
[TestFixture]
public sealed class ReaderPropertyTests
{
    /// <summary>One input taking longer than this counts as a hang (afl-fuzz uses 5 s; CI machines are busier).</summary>
    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(10);

    /// <summary>A whole sample that has not finished by then is stuck on an input.</summary>
    private static readonly TimeSpan PerProperty = TimeSpan.FromMinutes(2);

    [TestCase("dhcp", 600, 10_000)]
    [TestCase("frame", 700, 10_000)]
    [TestCase("identity", 300, 6_000)]
    [TestCase("option-text", 200, 1_500)]
    [TestCase("leases", 1_000, 3_000)]
    [TestCase("dhcpd-conf", 1_000, 600)]
    [TestCase("dhclient-conf", 1_000, 1_000)]
    [TestCase("dhclient-leases", 1_000, 2_000)]
    [TestCase("fabric", 1_000, 2_000)]
    [TestCase("partitions", 1_000, 2_000)]
    public void AnyInputGivesAValueOrTheReadersTypedError(string name, int maxRandomLength, int iterations)
    {
        var target = FuzzTargets.All[name];
        var seeds = Seeds.Build(name, FuzzRepository.Root).Select(s => s.Data).ToList();
        Assert.That(seeds, Is.Not.Empty, "the golden fixtures give this target seeds");

        // The unmodified fixtures first: each is a value or a typed error, like any other input. The first call
        // also pays for JIT and the grammars' construction, so it is not held to the hang bound.
        target(seeds[0]);
        foreach (var seed in seeds) FuzzRepository.RunBounded(target, seed, PerInput);

        var sample = Task.Run(() => FuzzInputs.Mixed(seeds, maxRandomLength)
            .Sample(input => FuzzRepository.RunBounded(target, input, PerInput), iter: iterations, print: FuzzInputs.Print));
        Assert.That(sample.Wait(PerProperty), Is.True, $"{name}: the sample did not finish in {PerProperty}: an input hangs the reader");
        sample.GetAwaiter().GetResult();
    }

    [Test]
    public void TheFuzzScriptKnowsEveryTarget()
    {
        string script = File.ReadAllText(Path.Combine(FuzzRepository.Root, "fuzz", "run.sh"));
        string line = script.Split('\n').Single(l => l.StartsWith("targets=", StringComparison.Ordinal));
        var listed = line["targets=\"".Length..^1].Split(' ');
        Assert.That(listed, Is.EquivalentTo(FuzzTargets.All.Keys));
    }

    [Test]
    public void MutationsReachEveryKindOfDamage()
    {
        // The generator really produces the damage it promises: truncations, growth, and nested braces.
        byte[] seed = "subnet 10.0.0.0 netmask 255.0.0.0 { range 10.0.0.10 10.0.0.20; }"u8.ToArray();
        var samples = FuzzInputs.Mutated([seed]).Array[2000].Single();
        Assert.Multiple(() =>
        {
            Assert.That(samples.Any(s => s.Length < seed.Length), "some inputs are shorter");
            Assert.That(samples.Any(s => s.Length > 2 * seed.Length), "some inputs are much longer");
            Assert.That(samples.Any(s => System.Text.Encoding.ASCII.GetString(s).Contains("{ { { ", StringComparison.Ordinal)), "some nest braces");
        });
    }
}
