using IPoIBDhcp.Engine.Fabric.Config;

namespace IPoIBDhcp.Engine.Fabric;

/// <summary>
/// Keeps the fabric's <see cref="PartitionTable"/> in step with the partitions file, as OpenSM re-reads it on a
/// sweep: the file's modification time and length are polled, a changed file is parsed and swapped in, and
/// a file with errors leaves the previous table in force (reported through <see cref="LastError"/>). This is
/// the emulation of the driver's dynamic P_Key change: a child interface gains or loses carrier without any
/// restart.
/// </summary>
internal sealed class PartitionsWatcher : IAsyncDisposable
{
    private readonly string? path;
    private readonly CancellationTokenSource stop = new();
    private readonly Lock gate = new();
    private readonly Task loop;
    private volatile PartitionTable table;
    private (DateTime WriteTime, long Length)? stamp;
    private (DateTime WriteTime, long Length)? settling;
    private bool settlingSeen;

    public PartitionsWatcher(string? path, TimeSpan interval)
    {
        this.path = path;
        table = PartitionTable.NoFile;
        if (path is not null)
        {
            // A broken file at start-up is an admin error to report now, not to paper over.
            Check(throwOnError: true);
            loop = interval > TimeSpan.Zero ? PollAsync(interval, stop.Token) : Task.CompletedTask;
        }
        else
        {
            loop = Task.CompletedTask;
        }
    }

    public PartitionTable Current => table;

    /// <summary>The last reload failure (<c>file:line:col: reason</c>), or null after a successful load.</summary>
    public string? LastError { get; private set; }

    /// <summary>Raised after a new table is in force.</summary>
    public event Action<PartitionTable>? Changed;

    /// <summary>Checks the file now; true when a new table was swapped in.</summary>
    public bool Check() => Check(throwOnError: false);

    /// <summary>
    /// A poll: loads a changed file only once its stamp has stayed the same for one interval, so a file caught
    /// half-written (truncated, then filled) is not taken into force.
    /// </summary>
    private bool Poll()
    {
        if (path is null)
            return false;
        var info = new FileInfo(path);
        (DateTime, long)? now = info.Exists ? (info.LastWriteTimeUtc, info.Length) : null;
        lock (gate)
        {
            if (stamp is not null && now == stamp)
            {
                settlingSeen = false;
                return false;
            }
            if (!settlingSeen || settling != now)
            {
                settling = now;
                settlingSeen = true;
                return false;
            }
            settlingSeen = false;
        }
        return Check(throwOnError: false);
    }

    private bool Check(bool throwOnError)
    {
        if (path is null)
            return false;
        PartitionTable? next = null;
        lock (gate)
        {
            var info = new FileInfo(path);
            (DateTime, long)? now = info.Exists ? (info.LastWriteTimeUtc, info.Length) : null;
            if (stamp is not null && now == stamp)
                return false;
            try
            {
                // No file means what it means to OpenSM: everyone is a full member of the default partition.
                next = now is null ? PartitionTable.NoFile : PartitionTable.From(PartitionsConfigParser.Load(path));
                stamp = now;
                LastError = null;
            }
            catch (Exception e) when (e is FabricConfigException or IOException or UnauthorizedAccessException)
            {
                if (throwOnError)
                    throw;
                // Keep the old table; try again when the file changes again (or is rewritten with the same stamp).
                stamp = now;
                LastError = e.Message;
                return false;
            }
            table = next;
        }
        Changed?.Invoke(next);
        return true;
    }

    private async Task PollAsync(TimeSpan interval, CancellationToken token)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
                Poll();
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await loop.ConfigureAwait(false);
        stop.Dispose();
    }
}
