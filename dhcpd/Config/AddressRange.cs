using IPoIBDhcp.Text;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Config;

/// <summary><c>range [dynamic-bootp] LOW [HIGH];</c>: addresses the server may hand out dynamically.</summary>
/// <param name="Low">First address.</param>
/// <param name="High">Last address (equal to <paramref name="Low"/> for a one-address range).</param>
/// <param name="DynamicBootp">True when BOOTP clients may also be given addresses from it.</param>
/// <param name="Position">Where the range statement is.</param>
public sealed record AddressRange(IPv4Address Low, IPv4Address High, bool DynamicBootp, SourcePosition Position)
{
    /// <summary>True when <paramref name="address"/> lies in the range.</summary>
    public bool Contains(IPv4Address address) => address.Value >= Low.Value && address.Value <= High.Value;

    /// <summary>Number of addresses in the range.</summary>
    public long Count => (long)High.Value - Low.Value + 1;

    /// <summary>The statement's written form, for messages.</summary>
    public override string ToString() => $"range {Low} {High}";
}
