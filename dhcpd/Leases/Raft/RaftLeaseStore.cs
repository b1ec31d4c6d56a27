using IPoIBDhcp.Logging;
using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using DotNext.Net.Cluster;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Leases.Raft;

/// <summary>
/// The replicated <see cref="ILeaseStore"/>: leases are entries of a Raft log (DotNext.Net.Cluster over TCP, its
/// write-ahead log and snapshots), so a commit completes only once a majority of members holds it, and any
/// member that later leads has every lease ever ACKed. Only the leader answers clients: it is the one member
/// whose <see cref="ServingEpoch"/> is not negative, and only while its leader lease (renewed by a majority's
/// heartbeat replies) holds, so a leader cut off from the majority falls silent before another can be elected.
/// </summary>
/// <remarks>
/// Commits are batched as the journal batches its fsyncs: while one log entry is being replicated, the leases that
/// arrive queue up and go out together as the next entry, so a boot storm costs one replication round (and one
/// flush on each member) per batch rather than per lease, and a lone lease still goes out at once.
/// A member that starts leading first waits until it has applied every committed entry (a read barrier) and only
/// then opens a new serving epoch: the server rebuilds its bindings from this state before its first decision, so
/// offers and leases it held in an earlier term cannot shadow what other leaders committed meanwhile.
/// </remarks>
public sealed class RaftLeaseStore : ILeaseStore
{
    private readonly RaftCluster cluster;
    private readonly WriteAheadLog log;
    private readonly LeaseStateMachine machine;
    private readonly LeaseLogEntry codec = new();
    private readonly TimeSpan commitTimeout;
    private readonly ILogSink events;
    private readonly CancellationTokenSource stopping = new();
    private readonly Channel<PendingCommit> queue = Channel.CreateUnbounded<PendingCommit>(new UnboundedChannelOptions { SingleReader = true });
    private Task roleLoop = Task.CompletedTask;
    private Task writer = Task.CompletedTask;
    private long servingEpoch = -1, epochs, commits, commitFailures;
    private int disposed;

    private RaftLeaseStore(RaftCluster cluster, WriteAheadLog log, LeaseStateMachine machine, ClusterSettings settings, ClusterMembership membership, ILogSink events)
    {
        this.cluster = cluster;
        this.log = log;
        this.machine = machine;
        this.events = events;
        Membership = membership;
        commitTimeout = TimeSpan.FromMilliseconds(settings.CommitTimeoutMs);
    }

    /// <summary>Who the members are and which one this is.</summary>
    public ClusterMembership Membership { get; }

    /// <summary>Role, log progress and commit counts, for /metrics.</summary>
    public ClusterCounters Counters => new(
        ServingEpoch >= 0, cluster.Term, log.LastAppliedIndex, machine.Count,
        Interlocked.Read(ref commits), Interlocked.Read(ref commitFailures), Interlocked.Read(ref epochs));

    /// <summary>
    /// Opens this member's log under <see cref="ClusterSettings.Directory"/> (restoring the latest snapshot), joins
    /// the cluster and starts following; <paramref name="events"/> receives role changes in plain words, at info level.
    /// </summary>
    public static async Task<RaftLeaseStore> StartAsync(ClusterSettings settings, ClusterMembership membership, ILogSink events, CancellationToken cancellationToken)
    {
        var root = Directory.CreateDirectory(settings.Directory);
        var machine = new LeaseStateMachine(root.CreateSubdirectory("snapshots"), settings.SnapshotEvery);
        await machine.RestoreAsync(cancellationToken).ConfigureAwait(false);
        var log = new WriteAheadLog(new WriteAheadLog.Options { Location = Path.Combine(root.FullName, "wal") }, machine);
        var configuration = new RaftCluster.TcpConfiguration(membership.Local)
        {
            ConfigurationStorage = new EndPointMembers(membership.Members),
            LowerElectionTimeout = settings.LowerElectionTimeoutMs,
            UpperElectionTimeout = settings.UpperElectionTimeoutMs,
            RequestTimeout = TimeSpan.FromMilliseconds(settings.RequestTimeoutMs),
            ConnectTimeout = TimeSpan.FromMilliseconds(settings.LowerElectionTimeoutMs),
            ColdStart = false,
            IsLeaderLeaseEnabled = true,
        };
        var cluster = new RaftCluster(configuration) { AuditTrail = log };
        var store = new RaftLeaseStore(cluster, log, machine, settings, membership, events);
        cluster.LeaderChanged += store.OnLeaderChanged;
        await cluster.StartAsync(cancellationToken).ConfigureAwait(false);
        store.roleLoop = Task.Run(store.FollowRoleAsync, CancellationToken.None);
        store.writer = Task.Run(store.ReplicateBatchesAsync, CancellationToken.None);
        return store;
    }

    /// <inheritdoc/>
    public long ServingEpoch
    {
        get
        {
            long epoch = Volatile.Read(ref servingEpoch);
            if (epoch < 0) return -1;
            // The leader lease lapses when a majority stops confirming heartbeats, before any follower can time out
            // and elect another leader: a partitioned leader goes quiet here even before it learns it was deposed.
            return cluster.TryGetLeaseToken(out var lease) && !lease.IsCancellationRequested ? epoch : -1;
        }
    }

    /// <inheritdoc/>
    public async ValueTask CommitAsync(Lease lease, CancellationToken cancellationToken = default)
    {
        var pending = new PendingCommit(lease);
        if (!queue.Writer.TryWrite(pending)) throw new LeaseNotCommittedException("not committed: shutting down");
        await pending.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public bool TryGetByAddress(IPv4Address address, [NotNullWhen(true)] out Lease? lease) => machine.TryGetByAddress(address, out lease);

    /// <inheritdoc/>
    public int Count => machine.Count;

    /// <inheritdoc/>
    public IReadOnlyCollection<Lease> Snapshot() => machine.Snapshot();

    /// <summary>Leaves the cluster (a graceful stop: the others elect a new leader at once) and closes the log.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        Volatile.Write(ref servingEpoch, -1);
        queue.Writer.TryComplete();
        await writer.ConfigureAwait(false);
        await stopping.CancelAsync().ConfigureAwait(false);
        await roleLoop.ConfigureAwait(false);
        cluster.LeaderChanged -= OnLeaderChanged;
        await cluster.StopAsync(CancellationToken.None).ConfigureAwait(false);
        cluster.Dispose();
        await log.DisposeAsync().ConfigureAwait(false);
        await machine.DisposeAsync().ConfigureAwait(false);
        stopping.Dispose();
    }

    private async Task ReplicateBatchesAsync()
    {
        const int MaxBatch = 512;
        var reader = queue.Reader;
        var batch = new List<PendingCommit>(MaxBatch);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var next)) batch.Add(next);
            var failure = await ReplicateAsync(batch).ConfigureAwait(false);
            foreach (var pending in batch)
            {
                if (failure is null) pending.Done.TrySetResult();
                else pending.Done.TrySetException(failure);
            }
            batch.Clear();
        }
    }

    private async Task<Exception?> ReplicateAsync(List<PendingCommit> batch)
    {
        byte[] payload = codec.Encode(batch.Select(p => p.Lease));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token, cluster.LeadershipToken);
        deadline.CancelAfter(commitTimeout);
        try
        {
            await cluster.ReplicateAsync(payload, null, deadline.Token).ConfigureAwait(false);
            Interlocked.Add(ref commits, batch.Count);
            return null;
        }
        catch (Exception ex)
        {
            // Whatever went wrong, the batch's clients must hear "not committed", not wait forever.
            Interlocked.Add(ref commitFailures, batch.Count);
            string why = ex switch
            {
                _ when stopping.IsCancellationRequested => "shutting down",
                QuorumUnreachableException => "no majority of the cluster is reachable",
                InvalidOperationException or ObjectDisposedException => "this member does not lead the cluster",
                OperationCanceledException when cluster.LeadershipToken.IsCancellationRequested => "this member stopped leading the cluster",
                OperationCanceledException => $"no majority confirmed it within {commitTimeout.TotalMilliseconds:0} ms",
                _ => ex.Message,
            };
            return new LeaseNotCommittedException($"not committed: {why}", ex);
        }
    }

    private void OnLeaderChanged(ICluster sender, IClusterMember? leader)
    {
        if (leader is null) Report($"cluster: no leader (term {cluster.Term}): waiting for an election");
        else if (leader.IsRemote) Report($"cluster: following {leader.EndPoint} (term {cluster.Term}): silent");
    }

    private async Task FollowRoleAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            CancellationToken leadership;
            try
            {
                leadership = await cluster.WaitForLeadershipAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or QuorumUnreachableException)
            {
                return;
            }
            using var leading = CancellationTokenSource.CreateLinkedTokenSource(leadership, stopping.Token);
            try
            {
                // Everything committed before this term (other leaders' leases included) is applied before we decide anything.
                await cluster.ApplyReadBarrierAsync(leading.Token).ConfigureAwait(false);
                long epoch = Interlocked.Increment(ref epochs);
                Volatile.Write(ref servingEpoch, epoch);
                Report($"cluster: {Membership.Local} leads (term {cluster.Term}, {machine.Count} leases): answering clients");
                await Task.Delay(Timeout.Infinite, leading.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or QuorumUnreachableException or ObjectDisposedException)
            {
            }
            finally
            {
                Volatile.Write(ref servingEpoch, -1);
            }
            if (!stopping.IsCancellationRequested) Report($"cluster: {Membership.Local} stopped leading (term {cluster.Term}): silent");
        }
    }

    private sealed class PendingCommit(Lease lease)
    {
        public Lease Lease { get; } = lease;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private void Report(string line)
    {
        if (events.IsEnabled(LogSeverity.Info)) events.Write(LogSeverity.Info, line);
    }
}
