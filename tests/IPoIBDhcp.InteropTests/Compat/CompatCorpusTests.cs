using IPoIBDhcp.InteropTests.Peers;

namespace IPoIBDhcp.InteropTests.Compat;

/// <summary>
/// The differential test against ISC dhcpd 4.4 over the compatibility corpus (tests/compat, docs/compat.md): every
/// file ISC accepts must be accepted by ours and, served by both with the same topology, answered identically to
/// every request row, except the gaps tests/compat/known-gaps.txt lists with a reason. A listed gap that no longer
/// shows fails too ("remove it from known-gaps"), so the list cannot go stale. With COMPAT_TABLE set to a
/// path, the run writes docs/compat.md there at the end (tests/compat/compat-table.sh).
/// </summary>
[TestFixture]
[NonParallelizable]
[Category("Interop")]
public sealed class CompatCorpusTests
{
    private static readonly IReadOnlyList<CorpusEntry> Corpus = CorpusEntry.Load();
    private readonly Dictionary<string, FileOutcome> outcomes = [];
    private string workDirectory = "";
    private Task<(Dictionary<string, ConfigVerdict> Isc, Dictionary<string, ConfigVerdict> Ours)>? checks;

    /// <summary>Each manifest entry, named by its file.</summary>
    public static IEnumerable<TestCaseData> Files() => Corpus.Select(e => new TestCaseData(e).SetArgDisplayNames(e.File));

    [OneTimeSetUp]
    public void CopyCorpus()
    {
        workDirectory = Directory.CreateTempSubdirectory("compat-").FullName;
        string corpus = Directory.CreateDirectory(Path.Combine(workDirectory, "corpus")).FullName;
        foreach (CorpusEntry entry in Corpus)
        {
            File.Copy(entry.PathInRepository, Path.Combine(corpus, entry.File));
            if (entry.HostsFile is { } hosts)
            {
                File.Copy(Path.Combine(CorpusEntry.Directory, hosts), Path.Combine(corpus, hosts));
            }
        }
    }

    [OneTimeTearDown]
    public async Task WriteTableAndClean()
    {
        if (Environment.GetEnvironmentVariable("COMPAT_TABLE") is { Length: > 0 } table && outcomes.Count > 0)
        {
            await File.WriteAllTextAsync(table, CompatTable.Render(Corpus, outcomes, KnownGaps.Load(Corpus)));
            await TestContext.Progress.WriteLineAsync($"compat: wrote {table}");
        }

        if (workDirectory.Length > 0)
        {
            Directory.Delete(workDirectory, recursive: true);
        }
    }

    [Test]
    public void Known_gaps_name_corpus_files_and_their_rows_only()
    {
        KnownGaps gaps = KnownGaps.Load(Corpus);
        Assert.That(gaps.All.Select(g => g.Reason), Has.All.Length.GreaterThan(10), "every gap says why in a few words");
    }

    [Test]
    public void Every_corpus_file_is_in_the_manifest_and_says_what_it_imitates()
    {
        string[] onDisk = [.. Directory.GetFiles(CorpusEntry.Directory, "*.conf").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
        Assert.That(Corpus.Select(e => e.File).Order(StringComparer.Ordinal), Is.EqualTo(onDisk));
        foreach (CorpusEntry entry in Corpus)
        {
            Assert.That(File.ReadLines(entry.PathInRepository).First(), Does.StartWith("# Imitates "), entry.File);
        }
    }

    [TestCaseSource(nameof(Files))]
    public async Task Isc_and_ours_accept_and_answer_alike(CorpusEntry entry)
    {
        await PeerImage.RequireAsync();
        KnownGaps gaps = KnownGaps.Load(Corpus);
        (Dictionary<string, ConfigVerdict> iscVerdicts, Dictionary<string, ConfigVerdict> ourVerdicts) = await (checks ??= CheckAllAsync());
        ConfigVerdict isc = iscVerdicts[entry.File];
        ConfigVerdict ours = ourVerdicts[entry.File];
        await TestContext.Out.WriteLineAsync($"ISC dhcpd -t:\n{isc.Output}\nour dhcpd -t:\n{ours.Output}");
        Assert.That(isc.Accepted, Is.True, $"ISC dhcpd refuses corpus file {entry.File}: the corpus holds only files ISC runs\n{isc.Output}");

        var failures = new List<string>();
        string? acceptGap = gaps.Reason(entry.File, KnownGaps.Accept);
        if (!ours.Accepted && acceptGap is null)
        {
            failures.Add($"ours refuses {entry.File}, which ISC accepts:\n{ours.Output.Trim()}");
        }
        else if (ours.Accepted && acceptGap is not null)
        {
            failures.Add($"ours now accepts {entry.File}: remove '{entry.File} accept' from known-gaps (tests/compat/known-gaps.txt)");
        }

        Dictionary<RequestRow, List<string>>? rows = null;
        Dictionary<RequestRow, string>? iscAnswers = null;
        string? servingError = null;
        if (ours.Accepted)
        {
            try
            {
                (rows, iscAnswers, string transcript) = await Differential.RunAsync(entry, workDirectory);
                await TestContext.Out.WriteLineAsync(transcript);
            }
            catch (OurServerDidNotServeException e)
            {
                servingError = e.Message;
                if (gaps.Reason(entry.File, KnownGaps.Serve) is null)
                {
                    failures.Add(e.Message);
                }
            }
            catch (Exception e) when (e is AssertionException or TimeoutException or InvalidOperationException or IOException)
            {
                servingError = e.Message;
                failures.Add($"{entry.File}: the servers could not be compared: {e.Message}");
            }

            if (servingError is null && gaps.Reason(entry.File, KnownGaps.Serve) is not null)
            {
                failures.Add($"ours now serves {entry.File}: remove '{entry.File} serve' from known-gaps (tests/compat/known-gaps.txt)");
            }

            foreach ((RequestRow row, List<string> differences) in rows ?? [])
            {
                string? rowGap = gaps.Reason(entry.File, row.Name());
                if (differences.Count > 0 && rowGap is null)
                {
                    failures.Add($"{entry.File} row {row.Name()} is answered differently:\n  {string.Join("\n  ", differences)}");
                }
                else if (differences.Count == 0 && rowGap is not null)
                {
                    failures.Add($"{entry.File} row {row.Name()} is now answered identically: remove it from known-gaps (tests/compat/known-gaps.txt)");
                }
            }
        }

        if ((iscAnswers is null && servingError is null) || (servingError is not null && gaps.Reason(entry.File, KnownGaps.Serve) is not null))
        {
            // Ours does not serve the file yet: ISC alone, for its answers and to prove the manifest's topology now.
            try
            {
                iscAnswers = await Differential.IscOnlyAsync(entry, workDirectory);
            }
            catch (Exception e) when (e is AssertionException or TimeoutException or InvalidOperationException or IOException)
            {
                failures.Add($"{entry.File}: ISC alone could not be served: {e.Message}");
            }
        }

        outcomes[entry.File] = new FileOutcome(entry, isc, ours, rows, iscAnswers, servingError);
        if (failures.Count > 0)
        {
            Assert.Fail(string.Join("\n", failures));
        }
    }

    private async Task<(Dictionary<string, ConfigVerdict>, Dictionary<string, ConfigVerdict>)> CheckAllAsync() =>
        (await ConfigCheck.IscAsync(Corpus, workDirectory), await ConfigCheck.OursAsync(Corpus, workDirectory));
}
