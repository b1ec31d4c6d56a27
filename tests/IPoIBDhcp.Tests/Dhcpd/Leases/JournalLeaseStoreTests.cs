using System.Diagnostics;
using System.Text;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Server.Leases.IscFile;
using IPoIBDhcp.Server.Leases.Journal;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Tests.Dhcpd.Leases;

public class JournalLeaseStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 23, 51, 59, TimeSpan.Zero);
    private string _directory = "";

    private string LeasePath => Path.Combine(_directory, "dhcpd.leases");

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "ipoib-leases-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    private JournalLeaseStoreOptions Options(bool compactOnOpen = true) =>
        new(LeasePath) { CompactOnOpen = compactOnOpen, CompactionMinimumRecords = int.MaxValue };

    private LeaseFileContent ReadBack() => new IscLeaseFileReader().ReadFile(LeasePath);

    [Test]
    public async Task Open_MissingFile_CreatesIscHeaderFile()
    {
        await using (var store = await JournalLeaseStore.OpenAsync(Options()))
        {
            Assert.That(store.Count, Is.Zero);
            Assert.That(store.LoadResult.Compacted, Is.True);
        }
        Assert.That(File.ReadAllText(LeasePath), Does.StartWith("# The format of this file is documented in the dhcpd.leases(5) manual page.\n"));
    }

    [Test]
    public async Task Commit_IsVisibleAndSurvivesReopen()
    {
        var lease = LeaseFixtures.BootLease(7, Now);
        await using (var store = await JournalLeaseStore.OpenAsync(Options()))
        {
            await store.CommitAsync(lease);
            Assert.That(store.TryGetByAddress(lease.Address, out var byAddress), Is.True);
            Assert.That(byAddress, Is.EqualTo(lease));
        }

        await using var reopened = await JournalLeaseStore.OpenAsync(Options());
        Assert.That(reopened.Snapshot(), Is.EqualTo(new[] { lease }));
    }

    [Test]
    public async Task AWriterThatFails_FailsEveryWaitingCommit_AndRefusesLaterOnes_InsteadOfLeavingThemHanging()
    {
        // A lease the formatter cannot write (a variable without a name) stands in for a bug in the writer thread.
        var unwritable = LeaseFixtures.BootLease(7, Now) with { Variables = [new LeaseVariable(null!, "x")] };
        var store = await JournalLeaseStore.OpenAsync(Options());
        var commit = store.CommitAsync(unwritable).AsTask();
        Assert.That(await Task.WhenAny(commit, Task.Delay(TimeSpan.FromSeconds(30))), Is.SameAs(commit), "the commit completes, it does not hang");
        Assert.That(commit.Exception!.InnerException, Is.TypeOf<IOException>());
        Assert.That(commit.Exception.InnerException!.InnerException, Is.TypeOf<NullReferenceException>());
        var later = store.CommitAsync(LeaseFixtures.BootLease(8, Now)).AsTask();
        Assert.That(later.IsFaulted, Is.True, "refused at once: no writer is left to complete it");
        Assert.That(await Task.WhenAny(store.WriterCompletion, Task.Delay(TimeSpan.FromSeconds(30))), Is.SameAs(store.WriterCompletion));
        Assert.That(store.WriterCompletion.Exception!.GetBaseException(), Is.TypeOf<NullReferenceException>(), "the daemon learns the cause and stops");
        Assert.That(async () => await store.DisposeAsync(), Throws.TypeOf<NullReferenceException>(), "disposal reports the writer's failure");
    }

    [Test]
    public async Task GroupCommit_ThousandConcurrentCommits_FewSyncs_AllDurable()
    {
        var leases = Enumerable.Range(1, 1000).Select(i => LeaseFixtures.BootLease((uint)i, Now)).ToArray();
        LeaseJournalCounters counters;
        await using (var store = await JournalLeaseStore.OpenAsync(Options()))
        {
            var commits = leases.Select(l => Task.Run(() => store.CommitAsync(l).AsTask())).ToArray();
            await Task.WhenAll(commits);
            counters = store.Counters;
            TestContext.Out.WriteLine($"group commit: {counters.RecordsWritten} records, {counters.SyncsPerformed} syncs");
            Assert.That(commits.All(c => c.IsCompletedSuccessfully), Is.True);
            Assert.That(store.Count, Is.EqualTo(1000));
        }

        Assert.That(counters.RecordsWritten, Is.EqualTo(1000));
        Assert.That(counters.SyncsPerformed, Is.LessThan(1000 / 10));
        var content = ReadBack();
        Assert.That(content.Diagnostics, Is.Empty);
        Assert.That(content.Leases.OrderBy(l => l.Address).ToArray(), Is.EqualTo(leases));
    }

    [Test]
    public async Task CommitDelayLetsCommitsArrivingOneByOneShareAnFsync()
    {
        // Twenty commits about a millisecond apart: without a delay each would get an fsync of its own; with a
        // 200 ms window they share one or two (two if this machine stalls the loop for a whole window).
        var leases = Enumerable.Range(1, 20).Select(i => LeaseFixtures.BootLease((uint)i, Now)).ToArray();
        await using var store = await JournalLeaseStore.OpenAsync(Options() with { CommitDelay = TimeSpan.FromMilliseconds(200) });
        var commits = new List<Task>();
        foreach (var lease in leases)
        {
            commits.Add(store.CommitAsync(lease).AsTask());
            await Task.Delay(1);
        }
        await Task.WhenAll(commits);
        Assert.That(store.Counters.RecordsWritten, Is.EqualTo(20));
        Assert.That(store.Counters.SyncsPerformed, Is.InRange(1, 2));
        Assert.That(store.Count, Is.EqualTo(20));
    }

    [TestCase(JournalFlushPolicy.EveryRecord, 50, 50)]
    [TestCase(JournalFlushPolicy.None, 50, 0)]
    public async Task FlushPolicyDecidesSyncsPerRecord(JournalFlushPolicy policy, int commits, int expectedSyncs)
    {
        var leases = Enumerable.Range(1, commits).Select(i => LeaseFixtures.BootLease((uint)i, Now)).ToArray();
        await using (var store = await JournalLeaseStore.OpenAsync(Options() with { FlushPolicy = policy }))
        {
            await Task.WhenAll(leases.Select(l => Task.Run(() => store.CommitAsync(l).AsTask())));
            Assert.That(store.Counters.RecordsWritten, Is.EqualTo(commits));
            Assert.That(store.Counters.SyncsPerformed, Is.EqualTo(expectedSyncs));
        }
        Assert.That(ReadBack().Leases, Has.Count.EqualTo(commits));
    }

    [Test]
    public async Task Replay_IsLastWriteWinsPerAddress()
    {
        var lease = LeaseFixtures.BootLease(9, Now);
        await using (var store = await JournalLeaseStore.OpenAsync(Options()))
        {
            for (int renewal = 1; renewal <= 3; renewal++)
                await store.CommitAsync(lease with { Ends = Now.AddHours(renewal) });
        }
        Assert.That(ReadBack().Leases, Has.Count.EqualTo(3)); // append-only: every renewal is a record

        await using var reopened = await JournalLeaseStore.OpenAsync(Options(compactOnOpen: false));
        Assert.That(reopened.LoadResult.RecordsRead, Is.EqualTo(3));
        Assert.That(reopened.Snapshot().Single().Ends, Is.EqualTo(Now.AddHours(3)));
    }

    [Test]
    public async Task Compaction_PreservesLiveSet_ShrinksFile_KeepsIscBackup()
    {
        var store = await JournalLeaseStore.OpenAsync(Options());
        for (int renewal = 0; renewal < 20; renewal++)
            await Task.WhenAll(Enumerable.Range(1, 50).Select(i =>
                store.CommitAsync(LeaseFixtures.BootLease((uint)i, Now.AddMinutes(renewal))).AsTask()));
        var live = store.Snapshot().OrderBy(l => l.Address).ToArray();
        long before = new FileInfo(LeasePath).Length;

        await store.CompactAsync();

        long after = new FileInfo(LeasePath).Length;
        TestContext.Out.WriteLine($"compaction: {before} -> {after} bytes");
        Assert.That(after, Is.LessThan(before / 10));
        Assert.That(new FileInfo(LeasePath + "~").Length, Is.EqualTo(before)); // ISC's dhcpd.leases~
        Assert.That(store.Counters.JournalRecords, Is.EqualTo(50));

        // Appends continue on the new file.
        var extra = LeaseFixtures.BootLease(51, Now);
        await store.CommitAsync(extra);
        Assert.That(new FileInfo(LeasePath).Length, Is.GreaterThan(after));
        await store.DisposeAsync();
        Assert.That(ReadBack().Leases.OrderBy(l => l.Address).ToArray(), Is.EqualTo(live.Append(extra).ToArray()));
    }

    [TestCase(3, false)] // 15 records for 5 leases: within the factor, appended to as it is
    [TestCase(5, true)]  // 25 records for 5 leases: overgrown, rewritten before the store serves
    public async Task OpenWithoutCompactOnOpen_RewritesOnlyAnOvergrownFile(int renewals, bool rewritten)
    {
        await using (var store = await JournalLeaseStore.OpenAsync(Options()))
        {
            for (int renewal = 0; renewal < renewals; renewal++)
                for (uint host = 1; host <= 5; host++)
                    await store.CommitAsync(LeaseFixtures.BootLease(host, Now.AddMinutes(renewal)));
        }
        Assert.That(ReadBack().Leases, Has.Count.EqualTo(5 * renewals), "every renewal appended");

        await using (var reopened = await JournalLeaseStore.OpenAsync(Options(compactOnOpen: false) with { CompactionFactor = 4, CompactionMinimumRecords = 10 }))
        {
            Assert.That(reopened.LoadResult.Compacted, Is.EqualTo(rewritten));
            Assert.That(reopened.Count, Is.EqualTo(5));
        }
        Assert.That(ReadBack().Leases, Has.Count.EqualTo(rewritten ? 5 : 5 * renewals));
    }

    [Test]
    public async Task Compaction_TriggersWhenJournalOutgrowsLiveSet()
    {
        var options = Options() with { CompactionFactor = 2, CompactionMinimumRecords = 10 };
        await using (var store = await JournalLeaseStore.OpenAsync(options))
        {
            for (int renewal = 0; renewal < 10; renewal++)
                for (uint host = 1; host <= 5; host++)
                    await store.CommitAsync(LeaseFixtures.BootLease(host, Now.AddMinutes(renewal)));

            Assert.That(store.Counters.Compactions, Is.GreaterThan(1)); // the one at open plus growth-triggered ones
            Assert.That(store.Counters.JournalRecords, Is.LessThanOrEqualTo(10));
        }
        Assert.That(ReadBack().Leases.DistinctBy(l => l.Address).Count(), Is.EqualTo(5));
    }

    [Test]
    public async Task TornTail_IsReportedAndCutOff_BeforeNewAppends()
    {
        await using (var store = await JournalLeaseStore.OpenAsync(Options()))
        {
            await store.CommitAsync(LeaseFixtures.BootLease(1, Now));
            await store.CommitAsync(LeaseFixtures.BootLease(2, Now));
        }
        long intact = new FileInfo(LeasePath).Length;
        const string torn = "lease 10.0.0.3 {\n  starts 2 2026/11/24 23:5";
        File.AppendAllText(LeasePath, torn);

        await using (var store = await JournalLeaseStore.OpenAsync(Options(compactOnOpen: false)))
        {
            Assert.That(store.LoadResult.TornTailDropped, Is.True);
            Assert.That(store.LoadResult.BytesDropped, Is.EqualTo(torn.Length));
            Assert.That(store.LoadResult.Diagnostics[^1].Message, Does.StartWith("torn record at line"));
            Assert.That(new FileInfo(LeasePath).Length, Is.EqualTo(intact));
            await store.CommitAsync(LeaseFixtures.BootLease(4, Now));
        }

        var content = ReadBack();
        Assert.That(content.Diagnostics, Is.Empty);
        Assert.That(content.Leases.Select(l => l.Address.Value & 0xFF), Is.EqualTo(new uint[] { 1, 2, 4 }));
    }

    [Test]
    public async Task TruncatedAtAnyByteOfTheLastRecords_ReloadAndCommit_YieldsValidFile()
    {
        await using (var store = await JournalLeaseStore.OpenAsync(Options()))
        {
            for (uint host = 1; host <= 3; host++) await store.CommitAsync(LeaseFixtures.BootLease(host, Now));
        }
        byte[] full = File.ReadAllBytes(LeasePath);
        int secondLast = Encoding.Latin1.GetString(full).LastIndexOf("\nlease ", full.Length - 10, StringComparison.Ordinal);
        secondLast = Encoding.Latin1.GetString(full).LastIndexOf("\nlease ", secondLast - 1, StringComparison.Ordinal) + 1;
        var extra = LeaseFixtures.BootLease(200, Now);

        for (int cut = secondLast; cut <= full.Length; cut++)
        {
            File.WriteAllBytes(LeasePath, full.AsSpan(0, cut).ToArray());
            int expectedComplete = new IscLeaseFileReader().Read(full.AsSpan(0, cut)).Leases.Count;

            await using (var store = await JournalLeaseStore.OpenAsync(Options(compactOnOpen: cut % 2 == 0)))
            {
                Assert.That(store.Count, Is.EqualTo(expectedComplete), $"cut at {cut}");
                await store.CommitAsync(extra);
            }

            var content = ReadBack();
            Assert.That(content.TornTail, Is.False, $"cut at {cut}");
            Assert.That(content.Diagnostics, Is.Empty, $"cut at {cut}");
            Assert.That(content.Leases.DistinctBy(l => l.Address).Count(), Is.EqualTo(expectedComplete + 1), $"cut at {cut}");
            Assert.That(content.Leases[^1], Is.EqualTo(extra), $"cut at {cut}");
        }
    }

    [Test]
    public async Task SecondStoreOnTheSameFile_IsRefused()
    {
        await using var store = await JournalLeaseStore.OpenAsync(Options());

        await Assert.ThrowsAsync<IOException>(async () => await JournalLeaseStore.OpenAsync(Options()));
    }

    [Test]
    public async Task CommitAfterDispose_Throws()
    {
        var store = await JournalLeaseStore.OpenAsync(Options());
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await store.CommitAsync(LeaseFixtures.BootLease(1, Now)));
    }

    [Test]
    public async Task IscFixture_IsTakenOver_FailoverSkippedAndCounted()
    {
        File.Copy(LeaseFixtures.IscFixturePath, LeasePath);

        await using (var store = await JournalLeaseStore.OpenAsync(Options()))
        {
            Assert.That(store.LoadResult.RecordsRead, Is.EqualTo(5));
            Assert.That(store.LoadResult.LiveLeases, Is.EqualTo(4));
            Assert.That(store.LoadResult.FailoverBlocksSkipped, Is.EqualTo(1));
            var lease = store.Snapshot().Single(l => l.ClientId.Span.SequenceEqual(LeaseFixtures.IbClientId1) && l.BindingState == LeaseBindingState.Active);
            Assert.That(lease.Ends, Is.EqualTo(new DateTimeOffset(2026, 11, 25, 17, 57, 1, TimeSpan.Zero)));
        }
        var rewritten = ReadBack();
        Assert.That(rewritten.ServerDuid.ToArray(), Is.EqualTo(new IscLeaseFileReader().ReadFile(LeaseFixtures.IscFixturePath).ServerDuid.ToArray()));
        Assert.That(rewritten.Diagnostics, Is.Empty);
    }

    [Test]
    public void Replay_200000Leases_TimeAndMemory_Informational()
    {
        const int count = 200_000;
        var writer = new IscLeaseFileWriter();
        using (var file = new FileStream(LeasePath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            for (uint i = 0; i < count; i++) writer.WriteLease(file, LeaseFixtures.BootLease(i + 1, Now));
        }
        long bytes = new FileInfo(LeasePath).Length;
        new IscLeaseFileReader().Read(File.ReadAllBytes(LeasePath).AsSpan(0, 1 << 20)); // warm up (JIT)

        long memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        var stopwatch = Stopwatch.StartNew();
        var content = new IscLeaseFileReader().ReadFile(LeasePath);
        var index = new LeaseIndex(content.Leases.Count);
        foreach (var lease in content.Leases) index.Upsert(lease);
        stopwatch.Stop();
        long memoryAfter = GC.GetTotalMemory(forceFullCollection: true);

        TestContext.Out.WriteLine($"replayed {count:N0} leases ({bytes / 1e6:F1} MB) in {stopwatch.ElapsedMilliseconds} ms; " +
            $"{(memoryAfter - memoryBefore) / (double)count:F0} bytes of memory per lease (records list + index)");
        Assert.That(index.Count, Is.EqualTo(count));
        GC.KeepAlive(content);
    }
}
