using System.Diagnostics.CodeAnalysis;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Leases;

/// <summary>
/// The in-memory view of committed leases: one lease per address (last write wins, which is how a
/// lease file is replayed) plus a client-identifier index, because IPoIB clients are recognised by
/// their RFC 4390 client-id, not by a hardware address. Shared by every <see cref="ILeaseStore"/>
/// implementation; not thread-safe by itself (stores guard it).
/// </summary>
public sealed class LeaseIndex
{
    private readonly Dictionary<IPv4Address, Lease> _byAddress;
    private readonly Dictionary<ReadOnlyMemory<byte>, IPv4Address> _byClientId;
    private readonly Dictionary<ReadOnlyMemory<byte>, IPv4Address>.AlternateLookup<ReadOnlySpan<byte>> _byClientIdSpan;

    /// <summary>Creates an empty index sized for <paramref name="capacity"/> addresses.</summary>
    public LeaseIndex(int capacity = 0)
    {
        _byAddress = new Dictionary<IPv4Address, Lease>(capacity);
        _byClientId = new Dictionary<ReadOnlyMemory<byte>, IPv4Address>(capacity, ByteContentComparer.Instance);
        _byClientIdSpan = _byClientId.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>Number of addresses with a lease.</summary>
    public int Count => _byAddress.Count;

    /// <summary>Replaces the lease of the lease's address and re-points the client-id index. A client
    /// id keeps pointing at an active lease of that client rather than moving to a non-active one
    /// written later (e.g. its old address expiring), so lookups find the binding in use.</summary>
    /// <returns>The lease previously held for the address, if any.</returns>
    public Lease? Upsert(Lease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var address = lease.Address;
        _byAddress.TryGetValue(address, out var previous);
        if (previous is { HasClientId: true } && !previous.ClientId.Span.SequenceEqual(lease.ClientId.Span)
            && _byClientIdSpan.TryGetValue(previous.ClientId.Span, out var pointed) && pointed == address)
        {
            _byClientIdSpan.Remove(previous.ClientId.Span);
        }
        _byAddress[address] = lease;
        if (lease.HasClientId)
        {
            if (_byClientIdSpan.TryGetValue(lease.ClientId.Span, out var current) && current != address
                && lease.BindingState != LeaseBindingState.Active
                && _byAddress.TryGetValue(current, out var other) && other.BindingState == LeaseBindingState.Active
                && other.ClientId.Span.SequenceEqual(lease.ClientId.Span))
            {
                return previous; // the client's active lease elsewhere stays the one it is found by
            }
            _byClientId[lease.ClientId] = address;
        }
        return previous;
    }

    /// <summary>The lease of an address.</summary>
    public bool TryGetByAddress(IPv4Address address, [NotNullWhen(true)] out Lease? lease) =>
        _byAddress.TryGetValue(address, out lease);

    /// <summary>The lease a client id is bound to (byte-exact match).</summary>
    public bool TryGetByClientId(ReadOnlySpan<byte> clientId, [NotNullWhen(true)] out Lease? lease)
    {
        lease = null;
        return _byClientIdSpan.TryGetValue(clientId, out var address) && _byAddress.TryGetValue(address, out lease);
    }

    /// <summary>Copies every lease (one per address) into a new array.</summary>
    public Lease[] ToArray() => [.. _byAddress.Values];
}
