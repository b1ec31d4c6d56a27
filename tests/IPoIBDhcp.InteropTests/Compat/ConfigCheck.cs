using System.Text.RegularExpressions;
using IPoIBDhcp.InteropTests.Peers;
using IPoIBDhcp.Tests.Support;

namespace IPoIBDhcp.InteropTests.Compat;

/// <summary>The verdict of one <c>dhcpd -t</c> on one file: accepted, and what it said.</summary>
public sealed record ConfigVerdict(bool Accepted, string Output)
{
    /// <summary>The first problem it reported (ISC's "file line N: …" or our "file:line:col: …"), for the table.</summary>
    public string FirstProblem =>
        Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(Problem.IsMatch) ?? Output.Trim().Split('\n').LastOrDefault("").Trim();

    private static readonly Regex Problem = new(@"(line \d+:|\.conf:\d+:\d+:)", RegexOptions.CultureInvariant);
}

/// <summary>
/// Runs <c>dhcpd -t</c> of both servers over the whole corpus: ISC's in one container (one start for all files),
/// ours inside a scratch namespace with no links, so that nothing it might try to resolve can leave the machine.
/// </summary>
public static partial class ConfigCheck
{
    /// <summary>ISC's verdict per file; <paramref name="workDirectory"/> must hold corpus/ (mounted at /w).</summary>
    public static async Task<Dictionary<string, ConfigVerdict>> IscAsync(IReadOnlyList<CorpusEntry> corpus, string workDirectory)
    {
        Directory.CreateDirectory(Path.Combine(workDirectory, "isc-t"));
        string files = string.Join(' ', corpus.Select(e => e.File));
        await using PeerContainer check = await PeerContainer.StartUnlinkedAsync(workDirectory,
            $"cd /w/corpus && for f in {files}; do dhcpd -4 -t -cf /w/corpus/$f >/w/isc-t/$f.out 2>&1; echo $? >/w/isc-t/$f.rc; done");
        long exit = await check.WaitForExitAsync(TimeSpan.FromSeconds(120));
        Assert.That(exit, Is.Zero, await check.LogsAsync());
        var verdicts = new Dictionary<string, ConfigVerdict>();
        foreach (CorpusEntry entry in corpus)
        {
            string rc = await File.ReadAllTextAsync(Path.Combine(workDirectory, "isc-t", entry.File + ".rc"));
            string output = await File.ReadAllTextAsync(Path.Combine(workDirectory, "isc-t", entry.File + ".out"));
            // dhcpd -t exits 1 on errors; a "line N:" report with exit 0 would be a warning that still counts.
            verdicts[entry.File] = new ConfigVerdict(rc.Trim() == "0" && !LineReport().IsMatch(output), output.Replace("/w/corpus/", "", StringComparison.Ordinal));
        }

        return verdicts;
    }

    /// <summary>Our verdict per file.</summary>
    public static async Task<Dictionary<string, ConfigVerdict>> OursAsync(IReadOnlyList<CorpusEntry> corpus, string workDirectory)
    {
        var verdicts = new Dictionary<string, ConfigVerdict>();
        foreach (CorpusEntry entry in corpus)
        {
            await using NetworkNamespace scratch = await NetworkNamespace.CreateAsync();
            string? hosts = entry.ProvideHosts(scratch.Name);
            await using BackgroundProcess check = scratch.StartProcess(OurPrograms.Dhcpd, "-t", "-cf", Path.Combine(workDirectory, "corpus", entry.File));
            bool ended = await check.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.That(ended, Is.True, $"our dhcpd -t on {entry.File} did not finish:\n{check.Output}");
            // Reported relative to the corpus, as the table shows them.
            verdicts[entry.File] = new ConfigVerdict(check.ExitCode == 0, check.Output.Replace(Path.Combine(workDirectory, "corpus") + "/", "", StringComparison.Ordinal));
            if (hosts is not null)
            {
                Directory.Delete(hosts, recursive: true);
            }
        }

        return verdicts;
    }

    [GeneratedRegex(@"line \d+:", RegexOptions.CultureInvariant)]
    private static partial Regex LineReport();
}
