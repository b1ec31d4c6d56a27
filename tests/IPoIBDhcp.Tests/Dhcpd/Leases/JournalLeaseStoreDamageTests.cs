using System.Diagnostics;
using IPoIBDhcp.Server.Leases.IscFile;
using IPoIBDhcp.Server.Leases.Journal;

namespace IPoIBDhcp.Tests.Dhcpd.Leases;

/// <summary>
/// The journal never writes a file holding fewer leases than it read without keeping the original beside it, and
/// its I/O errors name the user's file, not a compaction's temporary one.
/// </summary>
public sealed class JournalLeaseStoreDamageTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 23, 51, 59, TimeSpan.Zero);
    private string _directory = "";

    private string LeasePath => Path.Combine(_directory, "dhcpd.leases");

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "ipoib-damage-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    private static string Record(int host, int uid) =>
        $"lease 198.18.8.{host} {{ starts 3 2025/01/01 00:00:00; ends 4 2037/01/01 00:00:00; binding state active; uid \"\\001\\002\\{uid:D3}\"; }}\n";

    [Test]
    public async Task DamageInTheMiddle_EveryLeaseKept_FileRewritten_OriginalKeptAsTilde([Values] bool keepBackupOption)
    {
        string original = Record(20, 3) + "garbage {\n" + Record(21, 4) + Record(22, 5);
        await File.WriteAllTextAsync(LeasePath, original);

        await using (var store = await JournalLeaseStore.OpenAsync(new JournalLeaseStoreOptions(LeasePath)
        {
            CompactOnOpen = false,
            KeepBackup = keepBackupOption,
            CompactionMinimumRecords = int.MaxValue,
        }))
        {
            Assert.That(store.Count, Is.EqualTo(3));
            var loaded = store.LoadResult;
            Assert.That(loaded.DamagedRegions, Is.EqualTo(1));
            Assert.That(loaded.DamagedBytes, Is.EqualTo("garbage {\n".Length));
            Assert.That(loaded.TornTailDropped, Is.False);
            Assert.That(loaded.Compacted, Is.True);
            Assert.That(loaded.Backup, Is.EqualTo(LeasePath + "~"), "kept whatever KeepBackup says: the rewrite leaves bytes out");
            Assert.That((loaded.Diagnostics.Single() with { File = LeasePath }).ToString(),
                Is.EqualTo($"{LeasePath}:2:1: damaged data skipped (10 bytes): '{{' is never closed before the next record"));
            await store.CommitAsync(LeaseFixtures.BootLease(7, Now));
        }

        Assert.That(await File.ReadAllTextAsync(LeasePath + "~"), Is.EqualTo(original));
        var rewritten = new IscLeaseFileReader().ReadFile(LeasePath);
        Assert.That(rewritten.Diagnostics, Is.Empty);
        Assert.That(rewritten.Leases.Select(l => l.Address.ToString()),
            Is.EquivalentTo(new[] { "198.18.8.20", "198.18.8.21", "198.18.8.22", "10.0.0.7" }));
    }

    [Test]
    public async Task CleanFile_IsNotRewritten_AndNoBackupAppears()
    {
        string original = Record(20, 3) + Record(21, 4);
        await File.WriteAllTextAsync(LeasePath, original);

        await using (var store = await JournalLeaseStore.OpenAsync(new JournalLeaseStoreOptions(LeasePath) { CompactOnOpen = false }))
        {
            Assert.That(store.LoadResult.Compacted, Is.False);
            Assert.That(store.LoadResult.Backup, Is.Null);
        }
        Assert.That(File.Exists(LeasePath + "~"), Is.False);
        Assert.That(await File.ReadAllTextAsync(LeasePath), Is.EqualTo(original));
    }

    [Test]
    public async Task DiskFull_AfterACompaction_TheErrorNamesTheLeaseFile_NotTheTemporaryOne()
    {
        // A small tmpfs fills up for real; mounting needs root (CI runs the unit tests as root).
        string mount = Path.Combine(_directory, "small");
        Directory.CreateDirectory(mount);
        if (Environment.UserName != "root" || !Run("mount", $"-t tmpfs -o size=64k tmpfs {mount}"))
            Assert.Ignore("mounting a tmpfs needs root");
        try
        {
            string path = Path.Combine(mount, "dhcpd.leases");
            var options = new JournalLeaseStoreOptions(path) { CompactOnOpen = true, KeepBackup = false, CompactionMinimumRecords = int.MaxValue };
            await using var store = await JournalLeaseStore.OpenAsync(options);
            Assert.That(store.LoadResult.Compacted, Is.True, "the handle now in use was opened under the temporary name");
            // Leave a few kilobytes free, then commit until the disk is full (bounded).
            await using (var filler = File.Create(Path.Combine(mount, "filler")))
            {
                var block = new byte[4096];
                try
                {
                    for (int i = 0; i < 64; i++) filler.Write(block);
                    filler.Flush(flushToDisk: true);
                }
                catch (IOException)
                {
                    // The disk is full already: the commits below fail at once.
                }
            }
            IOException? failure = null;
            for (uint i = 1; i <= 2000 && failure is null; i++)
            {
                try
                {
                    await store.CommitAsync(LeaseFixtures.BootLease(i, Now));
                }
                catch (IOException ex)
                {
                    failure = ex;
                }
            }

            Assert.That(failure, Is.Not.Null, "a 64 KiB disk fills up within 2000 leases");
            Assert.That(failure!.Message, Does.Contain($"'{path}'"));
            Assert.That(failure.Message, Does.Not.Match(@"dhcpd\.leases\.\d+"));
        }
        finally
        {
            Run("umount", $"-l {mount}");
        }
    }

    private static bool Run(string program, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true, UseShellExecute = false });
            if (process is null) return false;
            process.WaitForExit(10_000);
            return process.HasExited && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
