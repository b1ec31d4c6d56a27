using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Leases;

/// <summary>
/// The in-memory view of committed leases: one lease per address (last write wins, which is how a
/// lease file is replayed). Shared by every <see cref="ILeaseStore"/> implementation; not thread-safe by
/// itself (stores guard it).
/// </summary>
/// <remarks>
/// There is no client-identifier index here: the server finds its clients in the allocator's bindings, and a
/// second dictionary of a million client-ids cost 37 MB that no request path read.
/// </remarks>
public sealed class LeaseIndex
{
    private readonly Dictionary<IPv4Address, Lease> _byAddress;

    /// <summary>Creates an empty index sized for <paramref name="capacity"/> addresses.</summary>
    public LeaseIndex(int capacity = 0)
    {
        _byAddress = new Dictionary<IPv4Address, Lease>(capacity);
    }

    /// <summary>Number of addresses with a lease.</summary>
    public int Count => _byAddress.Count;

    /// <summary>Replaces the lease of the lease's address.</summary>
    /// <returns>The lease previously held for the address, if any.</returns>
    public Lease? Upsert(Lease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_byAddress, lease.Address, out _);
        var previous = slot;
        slot = lease;
        return previous;
    }

    /// <summary>The lease of an address.</summary>
    public bool TryGetByAddress(IPv4Address address, [NotNullWhen(true)] out Lease? lease) =>
        _byAddress.TryGetValue(address, out lease);

    /// <summary>Copies every lease (one per address) into a new array.</summary>
    public Lease[] ToArray() => [.. _byAddress.Values];
}
