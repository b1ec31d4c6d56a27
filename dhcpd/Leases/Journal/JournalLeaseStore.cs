using IPoIBDhcp.Server.Leases.IscFile;
using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Threading.Channels;
using IPoIBDhcp.Server.Threading;
using IPoIBDhcp.Wire;
using Microsoft.Win32.SafeHandles;

namespace IPoIBDhcp.Server.Leases.Journal;

/// <summary>
/// The single-server <see cref="ILeaseStore"/>: an append-only <c>dhcpd.leases</c> in ISC format.
/// One background writer drains every commit queued so far, appends all their records with one write
/// and one fsync, and only then completes them (group commit), so a boot storm of thousands of
/// clients costs one disk sync per batch instead of one per lease, and an ACK never precedes
/// durability. The file is compacted (rewritten, fsync'd, atomically renamed, directory fsync'd) at
/// open and when it grows past <see cref="JournalLeaseStoreOptions.CompactionFactor"/> times the live set.
/// </summary>
/// <remarks>
/// Crash safety: a record is acknowledged only after its fsync; a crash mid-write leaves at most a torn
/// last record, which the next open detects, reports and cuts off before appending, so a new record
/// never follows garbage. If a write or fsync fails, the partial batch is truncated away and its
/// commits fail; if even that fails, the store refuses further commits rather than append after
/// unknown bytes, until a successful <see cref="CompactAsync"/> has rewritten the file from the
/// committed state. The file is held with an exclusive lock so two servers cannot share it.
/// </remarks>
public sealed class JournalLeaseStore : ILeaseStore
{
    private readonly JournalLeaseStoreOptions _options;
    private readonly string _path;
    private readonly string _directory;
    private readonly IscLeaseFileWriter _formatter;
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly LeaseIndex _index;
    private readonly Lock _indexGate = new();
    // Synchronous continuations: a commit wakes the writer's thread from the committing thread itself, not through
    // the thread pool, whose queue a boot storm fills with node work for seconds.
    private readonly Channel<PendingWork> _queue =
        Channel.CreateUnbounded<PendingWork>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    private readonly ManualResetEventSlim _stopping = new();
    private readonly ReadOnlyMemory<byte> _serverDuid;
    private SafeFileHandle? _handle;
    // The name _handle was opened under: a compaction's temporary file, renamed since to _path.
    private string? _handlePath;
    private Task _writerTask = Task.CompletedTask;
    private long _length;
    private bool _needsNewline;
    private Exception? _fault;
    private int _disposed;

    private long _recordsWritten;
    private long _syncs;
    private long _compactions;
    private long _journalRecords;

    private JournalLeaseStore(JournalLeaseStoreOptions options, LeaseIndex index, ReadOnlyMemory<byte> serverDuid, IReadOnlyList<IscHostRecord> hosts)
    {
        HostRecords = hosts;
        _options = options;
        _path = Path.GetFullPath(options.Path);
        _directory = Path.GetDirectoryName(_path) ?? ".";
        _formatter = new IscLeaseFileWriter(options.TimeFormat, options.IdFormat);
        _index = index;
        _serverDuid = serverDuid;
    }

    /// <summary>
    /// The file's <c>host</c> records that decide what it declares (the last of each name, <c>deleted;</c> ones included),
    /// read at open for the server to serve, and written again, byte for byte, before the leases by every rewrite.
    /// </summary>
    public IReadOnlyList<IscHostRecord> HostRecords { get; }

    /// <summary>What the load found (diagnostics, torn tail, counts), for the server to log.</summary>
    public LeaseStoreLoadResult LoadResult { get; private set; } = null!;

    /// <summary>
    /// Completes when the writer stops: at disposal, or faulted with the cause when a bug stopped it. The store then
    /// refuses every commit, so a server that holds it can ACK nothing more and should stop (and be restarted) rather
    /// than go on answering DISCOVERs it can never finish.
    /// </summary>
    public Task WriterCompletion => _writerTask;

    /// <summary>Current work counters; safe to read from any thread.</summary>
    public LeaseJournalCounters Counters => new(
        Interlocked.Read(ref _recordsWritten), Interlocked.Read(ref _syncs), Interlocked.Read(ref _compactions),
        Interlocked.Read(ref _journalRecords), Interlocked.Read(ref _length));

    /// <summary>Loads and replays the lease file (last write wins per address), cuts off a torn tail,
    /// compacts if configured, and starts the group-commit writer. A missing file starts empty.</summary>
    public static Task<JournalLeaseStore> OpenAsync(JournalLeaseStoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchRecords, 1);
        return Task.Run(() => Open(options), cancellationToken);
    }

    private static JournalLeaseStore Open(JournalLeaseStoreOptions options)
    {
        var stopwatch = Stopwatch.StartNew();
        string path = Path.GetFullPath(options.Path);
        var content = ParallelLeaseFileReader.ReadFile(path);
        var index = new LeaseIndex(content.Leases.Count);
        foreach (var lease in content.Leases) index.Upsert(lease);

        var store = new JournalLeaseStore(options, index, content.ServerDuid, IscHostRecord.LastOfEachName(content.Hosts));
        store.DeleteStaleTemporaryFiles();
        long fileLength = File.Exists(path) ? new FileInfo(path).Length : 0;
        bool compacted = false;
        string? backup = null;
        if (content.DamagedRegions > 0)
        {
            // The rewrite leaves the damaged bytes out: the original stays beside it, whatever KeepBackup says.
            backup = store.Compact(keepBackup: true);
            compacted = true;
        }
        else if (options.CompactOnOpen || fileLength == 0 || Overgrown(options, content.Leases.Count, index.Count))
        {
            backup = store.Compact();
            compacted = true;
        }
        else
        {
            store._handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            store._handlePath = path;
            if (content.TornTail)
            {
                RandomAccess.SetLength(store._handle, content.ValidLength);
                RandomAccess.FlushToDisk(store._handle);
            }
            store._length = content.ValidLength;
            store._journalRecords = content.Leases.Count;
            store._needsNewline = store._length > 0 && !EndsWithNewline(store._handle, store._length);
        }

        store.LoadResult = new LeaseStoreLoadResult
        {
            RecordsRead = content.Leases.Count,
            LiveLeases = index.Count,
            Diagnostics = content.Diagnostics,
            TornTailDropped = content.TornTail,
            BytesDropped = fileLength - content.ValidLength,
            DamagedRegions = content.DamagedRegions,
            DamagedBytes = content.DamagedBytes,
            Backup = content.DamagedRegions > 0 ? backup : null,
            FailoverBlocksSkipped = content.FailoverBlocksSkipped,
            Compacted = compacted,
            Duration = stopwatch.Elapsed,
        };
        // The writer gets a thread of its own: it blocks in write and fsync, and on a thread-pool thread its every
        // wake-up queued behind whatever else the process runs (a boot storm's 100,000 nodes: ACKs waited seconds).
        store._writerTask = DedicatedThread.Start("lease journal", store.WriterLoop);
        return store;
    }

    private static bool Overgrown(JournalLeaseStoreOptions options, long records, int live) =>
        records >= options.CompactionMinimumRecords && records > options.CompactionFactor * Math.Max(1, live);

    /// <inheritdoc/>
    /// <remarks>The commit completes on the journal's writer, right after its batch's fsync, and a continuation without
    /// <c>ConfigureAwait(true)</c> context runs there: keep it short and never block in it.</remarks>
    public ValueTask CommitAsync(Lease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        cancellationToken.ThrowIfCancellationRequested();
        if (Volatile.Read(ref _fault) is { } fault)
            return ValueTask.FromException(new IOException("the lease journal failed and accepts no more commits", fault));
        var work = new PendingWork(lease);
        if (!_queue.Writer.TryWrite(work))
            return ValueTask.FromException(new ObjectDisposedException(nameof(JournalLeaseStore)));
        return new ValueTask(cancellationToken.CanBeCanceled ? work.Task.WaitAsync(cancellationToken) : work.Task);
    }

    /// <summary>Rewrites the file with exactly the live leases (queued behind pending commits) and
    /// completes when the new file is installed and durable. Servers call this periodically.</summary>
    public Task CompactAsync(CancellationToken cancellationToken = default)
    {
        var work = new PendingWork(null);
        if (!_queue.Writer.TryWrite(work)) throw new ObjectDisposedException(nameof(JournalLeaseStore));
        return work.Task.WaitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public bool TryGetByAddress(IPv4Address address, [NotNullWhen(true)] out Lease? lease)
    {
        lock (_indexGate) return _index.TryGetByAddress(address, out lease);
    }

    /// <inheritdoc/>
    public long ServingEpoch => 0;

    /// <inheritdoc/>
    public int Count
    {
        get { lock (_indexGate) return _index.Count; }
    }

    /// <inheritdoc/>
    public IReadOnlyCollection<Lease> Snapshot()
    {
        lock (_indexGate) return _index.ToArray();
    }

    /// <summary>Writes everything still queued, then closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _queue.Writer.TryComplete();
        _stopping.Set();
        try
        {
            await _writerTask.ConfigureAwait(false);
        }
        finally
        {
            _handle?.Dispose();
            _stopping.Dispose();
        }
    }

    private bool WaitForWork()
    {
        ValueTask<bool> ready = _queue.Reader.WaitToReadAsync();
        if (ready.IsCompletedSuccessfully) return ready.Result;
        // Blocked on the task's kernel wait handle: GetAwaiter().GetResult() spins first (sched_yield), and at a few
        // hundred leases a second the writer waits before every batch.
        using var pending = ready.AsTask(); // disposed: its wait handle is released now, not by the finalizer
        ((IAsyncResult)pending).AsyncWaitHandle.WaitOne();
        return pending.GetAwaiter().GetResult();
    }

    private void WriterLoop()
    {
        List<PendingWork> batch = [];
        var compactions = new List<PendingWork>();
        var reader = _queue.Reader;
        try
        {
            // Inside the guard: a writer that fails here too must fail its commits, not leave them waiting.
            batch.Capacity = _options.MaxBatchRecords;
            while (WaitForWork())
            {
                // Let the batch fill (fewer fsyncs per lease); disposal cuts the wait short.
                if (_options.CommitDelay > TimeSpan.Zero && _options.FlushPolicy == JournalFlushPolicy.Group)
                    // On the kernel wait handle: ManualResetEventSlim.Wait spun first, a sched_yield and CPU per batch at
                    // every rate where batches are small.
                    _stopping.WaitHandle.WaitOne(_options.CommitDelay);
                int limit = _options.FlushPolicy == JournalFlushPolicy.EveryRecord ? 1 : _options.MaxBatchRecords;
                while (batch.Count < limit && reader.TryRead(out var work))
                {
                    if (work.Lease is null) compactions.Add(work);
                    else batch.Add(work);
                }
                if (batch.Count > 0) AppendBatch(batch);
                batch.Clear();

                bool grown = Overgrown(_options, _journalRecords, _index.Count);
                if (compactions.Count > 0 || (grown && _fault is null))
                {
                    try
                    {
                        Compact();
                        foreach (var work in compactions) work.TrySetResult();
                    }
                    catch (Exception ex)
                    {
                        // The old file is still installed and intact; appends continue on it.
                        foreach (var work in compactions) work.TrySetException(ex);
                    }
                }
                compactions.Clear();
            }
        }
        catch (Exception ex)
        {
            // A bug, not an I/O error (those fail their own batch and the writer goes on). Without a writer nothing
            // queued would ever complete: fail it all now, refuse later commits, and let disposal report the cause.
            Volatile.Write(ref _fault, ex);
            _queue.Writer.TryComplete();
            var failed = new IOException("the lease journal's writer failed and accepts no more commits", ex);
            foreach (var work in batch.Concat(compactions)) work.TrySetException(failed);
            while (reader.TryRead(out var work)) work.TrySetException(failed);
            throw;
        }
    }

    private void AppendBatch(List<PendingWork> batch)
    {
        if (_fault is { } fault)
        {
            foreach (var work in batch) work.TrySetException(new IOException("the lease journal failed and accepts no more commits", fault));
            return;
        }
        _buffer.ResetWrittenCount();
        if (_needsNewline) _buffer.Write("\n"u8);
        foreach (var work in batch) _formatter.WriteLease(_buffer, work.Lease!);

        var handle = _handle!;
        try
        {
            RandomAccess.Write(handle, _buffer.WrittenSpan, _length);
            if (_options.FlushPolicy != JournalFlushPolicy.None) RandomAccess.FlushToDisk(handle);
        }
        catch (Exception ex)
        {
            try
            {
                RandomAccess.SetLength(handle, _length);
                RandomAccess.FlushToDisk(handle);
            }
            catch (Exception cleanup)
            {
                Volatile.Write(ref _fault, new AggregateException(ex, cleanup));
            }
            var reported = NamingTheLeaseFile(ex);
            foreach (var work in batch) work.TrySetException(reported);
            return;
        }

        Interlocked.Add(ref _length, _buffer.WrittenCount);
        _needsNewline = false;
        Interlocked.Add(ref _journalRecords, batch.Count);
        Interlocked.Add(ref _recordsWritten, batch.Count);
        if (_options.FlushPolicy != JournalFlushPolicy.None) Interlocked.Increment(ref _syncs);
        lock (_indexGate)
        {
            foreach (var work in batch) _index.Upsert(work.Lease!);
        }
        foreach (var work in batch) work.TrySetResult();
    }

    /// <summary>
    /// The error as the admin must read it: .NET names the path a handle was opened under, which after a compaction
    /// is the temporary file (renamed since, gone from the directory); the file that filled up is <c>dhcpd.leases</c>.
    /// </summary>
    private Exception NamingTheLeaseFile(Exception ex, string? opened = null)
    {
        opened ??= _handlePath;
        return ex is IOException && opened is not null && opened != _path && ex.Message.Contains(opened, StringComparison.Ordinal)
            ? new IOException(ex.Message.Replace(opened, _path, StringComparison.Ordinal), ex)
            : ex;
    }

    /// <summary>ISC's <c>new_lease_file</c>: write the host records and every live lease to <c>&lt;path&gt;.&lt;unix time&gt;</c>,
    /// fsync it, keep the old file as <c>&lt;path&gt;~</c>, rename the new one over the path, fsync the
    /// directory, and continue appending to the new file. Returns the backup's path when one was kept.</summary>
    private string? Compact(bool keepBackup = false)
    {
        Lease[] leases;
        lock (_indexGate) leases = _index.ToArray();
        string temporary = $"{_path}.{DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw NamingTheLeaseFile(ex, temporary);
        }
        string? backup = null;
        try
        {
            long length = 0;
            _buffer.ResetWrittenCount();
            _formatter.WriteHeader(_buffer, _serverDuid.Span);
            foreach (var host in HostRecords)
            {
                _buffer.Write(host.Raw.Span);
                _buffer.Write("\n"u8);
            }
            foreach (var lease in leases)
            {
                _formatter.WriteLease(_buffer, lease);
                if (_buffer.WrittenCount >= 1 << 20) length = Flush(handle, length);
            }
            length = Flush(handle, length);
            RandomAccess.FlushToDisk(handle);

            if ((_options.KeepBackup || keepBackup) && File.Exists(_path))
            {
                backup = _path + "~";
                File.Delete(backup);
                if (!PosixFileSystem.TryHardLink(_path, backup)) File.Copy(_path, backup, overwrite: true);
            }
            File.Move(temporary, _path, overwrite: true);
            PosixFileSystem.FlushDirectory(_directory);

            _handle?.Dispose();
            _handle = handle;
            _handlePath = temporary;
            Interlocked.Exchange(ref _length, length);
            Interlocked.Exchange(ref _journalRecords, leases.Length);
            Interlocked.Increment(ref _compactions);
            _needsNewline = false;
            Volatile.Write(ref _fault, null); // the new file holds exactly the committed state again
            return backup;
        }
        catch (Exception ex)
        {
            handle.Dispose();
            File.Delete(temporary);
            if (NamingTheLeaseFile(ex, temporary) is var named && named != ex) throw named;
            throw;
        }
    }

    private long Flush(SafeFileHandle handle, long offset)
    {
        RandomAccess.Write(handle, _buffer.WrittenSpan, offset);
        offset += _buffer.WrittenCount;
        _buffer.ResetWrittenCount();
        return offset;
    }

    private static bool EndsWithNewline(SafeFileHandle handle, long length)
    {
        Span<byte> last = stackalloc byte[1];
        return RandomAccess.Read(handle, last, length - 1) == 1 && last[0] == (byte)'\n';
    }

    /// <summary>Removes <c>&lt;path&gt;.&lt;digits&gt;</c> files a crash during compaction left behind
    /// (never renamed, so never the live file).</summary>
    private void DeleteStaleTemporaryFiles()
    {
        string prefix = Path.GetFileName(_path) + ".";
        foreach (var file in Directory.EnumerateFiles(_directory, prefix + "*"))
        {
            string name = Path.GetFileName(file);
            if (name.Length <= prefix.Length || !name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            if (!name.AsSpan(prefix.Length).ContainsAnyExceptInRange('0', '9')) File.Delete(file);
        }
    }

    /// <summary>A queued commit (with a lease) or compaction request (without), completed by the writer.</summary>
    /// <summary>
    /// One queued commit. Its continuations run on the writer, right after the fsync: dhcpd's is the ACK's sendto,
    /// and sending a batch's ACKs there costs less than a thread-pool hand-off per lease (a third of dhcpd's CPU at
    /// 4,000 DORA/s). Whoever awaits a commit must therefore not block in its continuation.
    /// </summary>
    private sealed class PendingWork(Lease? lease) : TaskCompletionSource(TaskCreationOptions.None)
    {
        public Lease? Lease { get; } = lease;
    }
}
