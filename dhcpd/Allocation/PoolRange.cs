using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Allocation;

/// <summary>
/// The bounds of one dynamic range as a plan declares it, and the identity under which an allocator keeps that
/// range's bitmap (<see cref="AddressAllocator.PoolFor"/>). A plan holds only these values, so it stays immutable:
/// which addresses are taken is the allocator's state, and a plan can be read by any number of allocators.
/// </summary>
public readonly record struct PoolRange
{
    /// <summary>Creates the range <paramref name="first"/>..<paramref name="last"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="last"/> lies below <paramref name="first"/>.</exception>
    public PoolRange(IPv4Address first, IPv4Address last)
    {
        if (last < first) throw new ArgumentException($"range {first} {last} is empty", nameof(last));
        First = first;
        Last = last;
    }

    /// <summary>Lowest address of the range.</summary>
    public IPv4Address First { get; }

    /// <summary>Highest address of the range.</summary>
    public IPv4Address Last { get; }

    /// <summary>Number of addresses.</summary>
    public long Count => (long)Last.Value - First.Value + 1;

    /// <summary>True when <paramref name="address"/> lies in this range.</summary>
    public bool Contains(IPv4Address address) => address >= First && address <= Last;

    /// <inheritdoc/>
    public override string ToString() => $"{First}-{Last}";
}
