using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using DotNext.IO;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Server.Leases.IscFile;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Leases.Raft;

/// <summary>
/// The committed leases of a cluster member: every member applies the same committed log entries in the same
/// order (last write per address wins, as in a lease file), so every member's view is the same once it caught up.
/// Snapshots are whole dhcpd.leases files, written once <c>SnapshotEvery</c> leases were applied since the last
/// one, so the log can be trimmed.
/// </summary>
/// <remarks>The WAL applies entries one at a time; the server's queries come from other threads, hence the lock.</remarks>
internal sealed class LeaseStateMachine(DirectoryInfo location, int snapshotEvery) : SimpleStateMachine(location)
{
    private int sinceSnapshot;
    private readonly LeaseLogEntry codec = new();
    private readonly IscLeaseFileWriter snapshotWriter = new();
    private readonly Lock gate = new();
    private LeaseIndex index = new();
    private long applied;

    /// <summary>Leases applied since start (snapshots not included).</summary>
    public long AppliedEntries => Interlocked.Read(ref applied);

    /// <summary>Number of addresses with a committed lease.</summary>
    public int Count
    {
        get { lock (gate) return index.Count; }
    }

    /// <summary>The committed lease for an address.</summary>
    public bool TryGetByAddress(IPv4Address address, [NotNullWhen(true)] out Lease? lease)
    {
        lock (gate) return index.TryGetByAddress(address, out lease);
    }

    /// <summary>A copy of every committed lease.</summary>
    public Lease[] Snapshot()
    {
        lock (gate) return index.ToArray();
    }

    /// <inheritdoc/>
    protected override ValueTask<bool> ApplyAsync(LogEntry entry, CancellationToken token)
    {
        // The leader's no-op entry of each term and membership entries carry no lease.
        if (entry.IsConfiguration || !entry.TryGetPayload(out var payload) || payload.IsEmpty)
            return new(false);
        var leases = codec.Decode(payload);
        lock (gate)
        {
            foreach (var lease in leases) index.Upsert(lease);
        }
        Interlocked.Add(ref applied, leases.Count);
        sinceSnapshot += leases.Count;
        if (sinceSnapshot < snapshotEvery) return new(false);
        sinceSnapshot = 0;
        return new(true);
    }

    /// <inheritdoc/>
    protected override ValueTask PersistAsync(IAsyncBinaryWriter writer, CancellationToken token)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        foreach (var lease in Snapshot()) snapshotWriter.WriteLease(buffer, lease);
        return writer.Invoke(buffer.WrittenMemory, token);
    }

    /// <inheritdoc/>
    protected override async ValueTask RestoreAsync(FileInfo snapshotFile, CancellationToken token)
    {
        byte[] bytes = await File.ReadAllBytesAsync(snapshotFile.FullName, token).ConfigureAwait(false);
        var content = new IscLeaseFileReader().Read(bytes);
        var restored = new LeaseIndex(content.Leases.Count);
        foreach (var lease in content.Leases) restored.Upsert(lease);
        lock (gate) index = restored;
    }
}
