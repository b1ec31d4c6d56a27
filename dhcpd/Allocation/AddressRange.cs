using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Allocation;

/// <summary>An inclusive range of addresses (<c>range lo hi;</c>).</summary>
/// <param name="First">Lowest address.</param>
/// <param name="Last">Highest address.</param>
public readonly record struct AddressRange(IPv4Address First, IPv4Address Last)
{
    /// <summary>Number of addresses.</summary>
    public long Count => (long)Last.Value - First.Value + 1;

    /// <summary>True when <paramref name="address"/> lies in the range.</summary>
    public bool Contains(IPv4Address address) => address >= First && address <= Last;

    /// <inheritdoc/>
    public override string ToString() => $"{First}-{Last}";
}
