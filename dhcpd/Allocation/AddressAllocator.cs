using System.Runtime.InteropServices;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Allocation;

/// <summary>
/// Chooses, holds and frees dynamic addresses for client keys, and owns the bitmaps of the ranges it draws from
/// (one per <see cref="PoolRange"/> of the plan), so the plan it serves stays an immutable value. Not thread-safe:
/// the server calls it from one place under its lock, then performs I/O (durable commit, send) outside it.
/// </summary>
/// <remarks>
/// Preference order for a client, as ISC and Kea do: the address it already holds or last held in this
/// network, the address it asks for (option 50) if free, then the next free address. An offered address
/// is held for <see cref="OfferHold"/> so that concurrent DISCOVERs in a boot storm never get the same one.
/// </remarks>
public sealed class AddressAllocator
{
    private readonly Dictionary<ClientKey, Binding> byKey = [];
    private readonly Dictionary<IPv4Address, Binding> byAddress = [];
    private readonly PriorityQueue<Binding, long> expiries = new(); // by UTC ticks: 16 bytes an entry, not 24
    private Dictionary<PoolRange, AddressPool> pools = [];
    // Leases that ran out since the last DrainExpiredLeases and may have an on expiry handler (one entry per binding).
    private readonly List<Binding> expiredLeases = [];

    /// <summary>How long an offered address stays held for its client.</summary>
    public TimeSpan OfferHold { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a declined address stays out of circulation (ISC <c>abandon-lease-time</c>).</summary>
    public TimeSpan AbandonTime { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Number of bindings tracked (all states).</summary>
    public int Count => byAddress.Count;

    /// <summary>
    /// This allocator's bitmap of <paramref name="range"/>, made with every address free the first time the range is
    /// asked for (the bindings restored or committed into it then mark theirs taken). Keyed by the range's bounds, so
    /// every plan that declares the same range draws from the same bitmap.
    /// </summary>
    public AddressPool PoolFor(PoolRange range)
    {
        ref var pool = ref CollectionsMarshal.GetValueRefOrAddDefault(pools, range, out _);
        return pool ??= new AddressPool(range.First, range.Last);
    }

    /// <summary>
    /// Makes <paramref name="ranges"/> (every range of a new plan) the ranges this allocator draws from, keeping every
    /// binding (offers, leases, abandoned and released ones). A range with the same bounds as before keeps its bitmap and
    /// cursor; a new one (added, or an old one cut differently, e.g. around a new host's fixed address) starts with the
    /// addresses of the bindings that hold one in it taken. A binding whose address no range holds any more keeps its
    /// address out of circulation until it ends, with no range (its client's renewal is refused by the core).
    /// Runs in O(bindings + ranges); the caller holds the lock the allocator is used under.
    /// </summary>
    public void Rebase(IReadOnlyCollection<PoolRange> ranges)
    {
        var next = new Dictionary<PoolRange, AddressPool>(ranges.Count);
        foreach (var r in ranges)
            if (!next.ContainsKey(r)) next[r] = pools.TryGetValue(r, out var kept) ? kept : new AddressPool(r.First, r.Last);
        var byFirst = next.Values.ToArray();
        Array.Sort(byFirst, static (a, b) => a.First.CompareTo(b.First));
        foreach (var b in byAddress.Values)
        {
            var pool = Containing(byFirst, b.Address);
            b.Pool = pool;
            // Taking is idempotent: a kept bitmap already has it, a new one gets it.
            if (b.State is BindingState.Active or BindingState.Offered or BindingState.Abandoned) pool?.TryTake(b.Address);
        }
        pools = next;
    }

    /// <summary>The pool of <paramref name="byFirst"/> (sorted by first address, not overlapping) holding <paramref name="address"/>.</summary>
    private static AddressPool? Containing(AddressPool[] byFirst, IPv4Address address)
    {
        int lo = 0, hi = byFirst.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            var p = byFirst[mid];
            if (address < p.First) hi = mid - 1;
            else if (address > p.Last) lo = mid + 1;
            else return p;
        }
        return null;
    }

    /// <summary>The binding of <paramref name="key"/>, if any.</summary>
    public Binding? FindByKey(ClientKey key) => byKey.GetValueOrDefault(key);

    /// <summary>The binding of <paramref name="address"/>, if any.</summary>
    public Binding? FindByAddress(IPv4Address address) => byAddress.GetValueOrDefault(address);

    /// <summary>
    /// Picks an address for <paramref name="key"/> from <paramref name="pools"/> and holds it as offered.
    /// Returns false when every pool is exhausted.
    /// </summary>
    public bool TryOffer(ClientKey key, IReadOnlyList<AddressPool> pools, IPv4Address requested, DateTimeOffset now, out Binding binding)
    {
        ExpireDue(now);
        if (TryReuse(key, pools, now, out binding) || TryTakeRequested(key, pools, requested, now, out binding))
            return true;
        foreach (var pool in pools)
        {
            if (pool.TryTakeNext(out var address))
            {
                binding = Hold(key, address, pool, now);
                return true;
            }
        }
        binding = null!;
        return false;
    }

    /// <summary>
    /// Makes <paramref name="address"/> the active lease of <paramref name="key"/> until <paramref name="ends"/>.
    /// Returns false (the caller NAKs) when another client holds it.
    /// </summary>
    public bool TryCommit(ClientKey key, IPv4Address address, AddressPool? pool, DateTimeOffset now, DateTimeOffset ends, out Binding binding)
    {
        ExpireDue(now);
        if (byAddress.TryGetValue(address, out var existing))
        {
            if (existing.Key != key && (existing.IsHeld(now) || existing.State == BindingState.Abandoned))
            {
                binding = existing;
                return false;
            }
            if (existing.Key != key || existing.State is BindingState.Released or BindingState.Expired)
            {
                // The address was free (released or expired): take it again in its pool.
                if (existing.Pool is { } p && !existing.IsHeld(now)) p.TryTake(address);
            }
            Detach(existing);
        }
        else if (pool is not null && !pool.TryTake(address))
        {
            binding = null!;
            return false;
        }
        if (byKey.TryGetValue(key, out var previous) && previous.Address != address) Release(previous);
        binding = new Binding(key, address, pool ?? existing?.Pool) { State = BindingState.Active, Starts = now, Expires = ends };
        // The same client's lease goes on: its variables (ISC's binding scope) go with it.
        if (existing is not null && existing.Key == key) binding.Variables = existing.Variables;
        Attach(binding);
        return true;
    }

    /// <summary>DHCPRELEASE: the address is free again; the client keeps its claim on it while no one else takes it.</summary>
    public bool TryRelease(ClientKey key, IPv4Address address)
    {
        if (!byAddress.TryGetValue(address, out var b) || b.Key != key || b.State is not (BindingState.Active or BindingState.Offered))
            return false;
        Release(b);
        return true;
    }

    /// <summary>DHCPDECLINE: someone else uses the address; keep it out of circulation for <see cref="AbandonTime"/>.</summary>
    public bool TryAbandon(ClientKey key, IPv4Address address, DateTimeOffset now)
    {
        if (!byAddress.TryGetValue(address, out var b) || b.Key != key) return false;
        b.State = BindingState.Abandoned;
        b.Expires = now + AbandonTime;
        byKey.Remove(key);
        expiries.Enqueue(b, b.ExpiresTicks);
        return true;
    }

    /// <summary>Makes room for <paramref name="count"/> more bindings at once (a restore of a large lease file grows nothing by doubling).</summary>
    public void Reserve(int count)
    {
        byKey.EnsureCapacity(byKey.Count + count);
        byAddress.EnsureCapacity(byAddress.Count + count);
        expiries.EnsureCapacity(expiries.Count + count);
    }

    /// <summary>Restores a binding from the lease store at start-up (its pool, if any, marks the address taken); returns it.</summary>
    public Binding Restore(ClientKey key, IPv4Address address, AddressPool? pool, BindingState state, DateTimeOffset starts, DateTimeOffset ends)
    {
        if (byAddress.TryGetValue(address, out var old)) Detach(old);
        var b = new Binding(key, address, pool) { State = state, Starts = starts, Expires = ends };
        if (state is BindingState.Active or BindingState.Offered or BindingState.Abandoned) pool?.TryTake(address);
        if (state != BindingState.Abandoned) byKey[key] = b;
        byAddress[address] = b;
        expiries.Enqueue(b, b.ExpiresTicks);
        return b;
    }

    /// <summary>
    /// Moves the active leases that ran out (in <see cref="ExpireDue"/>, whoever called it) since the last call into
    /// <paramref name="into"/>: those whose <c>on expiry</c> handler may have to run. Only those with a handler, or whose
    /// handlers are not known yet (restored from the store), are kept, so the list stays empty without hooks.
    /// </summary>
    public void DrainExpiredLeases(List<Binding> into)
    {
        into.AddRange(expiredLeases);
        expiredLeases.Clear();
    }

    /// <summary>Frees every offer, lease and abandonment whose time has passed.</summary>
    public int ExpireDue(DateTimeOffset now)
    {
        int expired = 0;
        while (expiries.TryPeek(out var b, out var due) && due <= now.UtcTicks)
        {
            expiries.Dequeue();
            // Stale queue entries (the binding was renewed, replaced or detached) are skipped.
            if (b.Expires > now || !ReferenceEquals(byAddress.GetValueOrDefault(b.Address), b)) continue;
            if (b.State is BindingState.Offered or BindingState.Active or BindingState.Abandoned)
            {
                b.Pool?.Free(b.Address);
                if (b.State == BindingState.Abandoned) Detach(b);
                else
                {
                    if (b.State == BindingState.Active && (b.Hooks is null || b.Hooks.Expiry is not null)) expiredLeases.Add(b);
                    b.State = BindingState.Expired;
                }
                expired++;
            }
        }
        return expired;
    }

    private bool TryReuse(ClientKey key, IReadOnlyList<AddressPool> pools, DateTimeOffset now, out Binding binding)
    {
        binding = null!;
        if (!byKey.TryGetValue(key, out var b) || !ReferenceEquals(byAddress.GetValueOrDefault(b.Address), b)) return false;
        var pool = PoolOf(pools, b.Address);
        if (pool is null) return false;
        if (!b.IsHeld(now) && !pool.TryTake(b.Address)) return false;
        if (b.State != BindingState.Active || b.Expires <= now)
        {
            b.State = BindingState.Offered;
            b.Expires = now + OfferHold;
            expiries.Enqueue(b, b.ExpiresTicks);
        }
        binding = b;
        return true;
    }

    private bool TryTakeRequested(ClientKey key, IReadOnlyList<AddressPool> pools, IPv4Address requested, DateTimeOffset now, out Binding binding)
    {
        binding = null!;
        if (requested.IsAny) return false;
        var pool = PoolOf(pools, requested);
        if (pool is null) return false;
        if (byAddress.TryGetValue(requested, out var other) && (other.IsHeld(now) || other.State == BindingState.Abandoned)) return false;
        if (!pool.TryTake(requested)) return false;
        if (other is not null) Detach(other);
        binding = Hold(key, requested, pool, now);
        return true;
    }

    private Binding Hold(ClientKey key, IPv4Address address, AddressPool pool, DateTimeOffset now)
    {
        if (byAddress.TryGetValue(address, out var stale)) Detach(stale);
        if (byKey.TryGetValue(key, out var previous) && previous.Address != address) Release(previous);
        var b = new Binding(key, address, pool) { State = BindingState.Offered, Starts = now, Expires = now + OfferHold };
        Attach(b);
        return b;
    }

    private void Release(Binding b)
    {
        if (b.State is BindingState.Active or BindingState.Offered) b.Pool?.Free(b.Address);
        b.State = BindingState.Released;
    }

    private void Attach(Binding b)
    {
        byKey[b.Key] = b;
        byAddress[b.Address] = b;
        expiries.Enqueue(b, b.ExpiresTicks);
    }

    private void Detach(Binding b)
    {
        if (byKey.TryGetValue(b.Key, out var k) && ReferenceEquals(k, b)) byKey.Remove(b.Key);
        if (byAddress.TryGetValue(b.Address, out var a) && ReferenceEquals(a, b)) byAddress.Remove(b.Address);
    }

    private static AddressPool? PoolOf(IReadOnlyList<AddressPool> pools, IPv4Address address)
    {
        foreach (var p in pools) if (p.Contains(address)) return p;
        return null;
    }
}
