using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Allocation;

/// <summary>
/// One dynamic range with a bit per address: taken (offered, leased, abandoned or reserved) or free.
/// Allocation scans from a rotating cursor so that released addresses are not reused at once (as ISC
/// prefers the least recently used), in O(1) amortised per allocation over a 64-bit word scan.
/// </summary>
public sealed class AddressPool
{
    private readonly ulong[] taken;
    private long cursor;

    /// <summary>Creates a pool over <paramref name="first"/>..<paramref name="last"/> with every address free.</summary>
    public AddressPool(IPv4Address first, IPv4Address last)
    {
        if (last < first) throw new ArgumentException($"range {first} {last} is empty", nameof(last));
        First = first;
        Last = last;
        Count = (long)last.Value - first.Value + 1;
        taken = new ulong[(Count + 63) / 64];
        FreeCount = Count;
    }

    /// <summary>Lowest address of the range.</summary>
    public IPv4Address First { get; }

    /// <summary>Highest address of the range.</summary>
    public IPv4Address Last { get; }

    /// <summary>Number of addresses.</summary>
    public long Count { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{First}-{Last}";

    /// <summary>Addresses currently free.</summary>
    public long FreeCount { get; private set; }

    /// <summary>True when <paramref name="address"/> lies in this pool.</summary>
    public bool Contains(IPv4Address address) => address >= First && address <= Last;

    /// <summary>True when <paramref name="address"/> is in this pool and free.</summary>
    public bool IsFree(IPv4Address address) => Contains(address) && !IsTaken(Index(address));

    /// <summary>Marks an address taken; false when it was already taken or is outside the pool.</summary>
    public bool TryTake(IPv4Address address)
    {
        if (!Contains(address)) return false;
        long i = Index(address);
        if (IsTaken(i)) return false;
        taken[i >> 6] |= 1UL << (int)(i & 63);
        FreeCount--;
        return true;
    }

    /// <summary>Marks an address free again (lease expired or released).</summary>
    public void Free(IPv4Address address)
    {
        if (!Contains(address)) return;
        long i = Index(address);
        if (!IsTaken(i)) return;
        taken[i >> 6] &= ~(1UL << (int)(i & 63));
        FreeCount++;
    }

    /// <summary>Takes the next free address after the cursor.</summary>
    public bool TryTakeNext(out IPv4Address address)
    {
        address = default;
        if (FreeCount == 0) return false;
        long count = Count;
        long i = cursor;
        for (long scanned = 0; scanned < count;)
        {
            int word = (int)(i >> 6);
            ulong freeBits = ~taken[word] & (ulong.MaxValue << (int)(i & 63));
            if (freeBits != 0)
            {
                long candidate = ((long)word << 6) + System.Numerics.BitOperations.TrailingZeroCount(freeBits);
                if (candidate < count)
                {
                    address = First.Add((uint)candidate);
                    taken[word] |= 1UL << (int)(candidate & 63);
                    FreeCount--;
                    cursor = candidate + 1 == count ? 0 : candidate + 1;
                    return true;
                }
            }
            scanned += 64 - (i & 63);
            i = ((long)word + 1) << 6;
            if (i >= count) i = 0;
        }
        return false;
    }

    private long Index(IPv4Address address) => (long)address.Value - First.Value;

    private bool IsTaken(long i) => (taken[i >> 6] & (1UL << (int)(i & 63))) != 0;
}
