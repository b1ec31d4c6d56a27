using System.Diagnostics.CodeAnalysis;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Leases;

/// <summary>
/// Where the server's lease bindings live. The seam between the DHCP engine and persistence: the
/// single-server <see cref="Journal.JournalLeaseStore"/> implements it with an fsync'd append-only file, and a
/// replicated store can implement it with a consensus log, because the contract is only about
/// <em>committed</em> state.
/// </summary>
/// <remarks>
/// Contract: <see cref="CommitAsync"/> completes only once the lease survives a crash of this node
/// (journal: written and fsync'd; replicated: accepted by a quorum), and only then is the lease
/// visible to the queries. The engine therefore sends a DHCPACK only after the commit completed and
/// tracks in-flight offers itself. Commits of the same address are applied in call order (last write
/// wins). Queries are safe from any thread at any time and never block on disk.
/// </remarks>
public interface ILeaseStore : IAsyncDisposable
{
    /// <summary>Upserts the lease for its address and completes when it is durable. Cancelling stops
    /// the wait only: the lease may still become durable and visible afterwards.</summary>
    ValueTask CommitAsync(Lease lease, CancellationToken cancellationToken = default);

    /// <summary>The committed lease for an address.</summary>
    bool TryGetByAddress(IPv4Address address, [NotNullWhen(true)] out Lease? lease);

    /// <summary>Number of addresses with a committed lease.</summary>
    int Count { get; }

    /// <summary>A point-in-time copy of every committed lease (one per address), for pool
    /// accounting, expiry sweeps and management views.</summary>
    IReadOnlyCollection<Lease> Snapshot();

    /// <summary>
    /// Whether this server may answer clients now, and since when: negative means stay silent (a
    /// replicated store on a member that does not lead a quorum); any other value is an epoch that
    /// changes each time this member gains the right to answer, so the server rebuilds its in-memory
    /// bindings from the committed leases before it decides anything in the new epoch. A store that
    /// serves alone (the journal) is always in epoch 0.
    /// </summary>
    long ServingEpoch { get; }
}
