using IPoIBDhcp.Server.Allocation;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Planning;

/// <summary>
/// Every host's fixed addresses, as gaps cut out of the dynamic ranges: an address reserved for a host inside a
/// <c>range</c> is never handed out dynamically, as ISC dhcpd does, instead of refusing the file (real generated
/// configurations often reserve addresses inside their ranges).
/// </summary>
internal sealed class FixedAddressGaps
{
    private readonly uint[] sorted;

    private FixedAddressGaps(uint[] sorted) => this.sorted = sorted;

    /// <summary>The fixed addresses of every host of <paramref name="config"/>.</summary>
    public static FixedAddressGaps Of(ServerConfig config)
    {
        // One array, sorted and deduplicated in place: the LINQ chain's set and ordering were most of this for 100,000 hosts.
        var addresses = new List<uint>(config.Hosts.Length);
        foreach (var h in config.Hosts)
            foreach (var a in h.FixedAddresses) addresses.Add(a.Value);
        var sorted = addresses.ToArray();
        Array.Sort(sorted);
        int distinct = 0;
        for (int i = 0; i < sorted.Length; i++)
            if (distinct == 0 || sorted[i] != sorted[distinct - 1]) sorted[distinct++] = sorted[i];
        return new(sorted[..distinct]);
    }

    /// <summary>The range <paramref name="low"/>..<paramref name="high"/> without the fixed addresses: zero or more pieces, in order.</summary>
    public IEnumerable<PoolRange> Split(IPv4Address low, IPv4Address high)
    {
        int i = Array.BinarySearch(sorted, low.Value);
        if (i < 0) i = ~i;
        ulong start = low.Value;
        for (; i < sorted.Length && sorted[i] <= high.Value; i++)
        {
            if (sorted[i] > start) yield return new PoolRange(new IPv4Address((uint)start), new IPv4Address(sorted[i] - 1));
            start = (ulong)sorted[i] + 1;
        }
        if (start <= high.Value) yield return new PoolRange(new IPv4Address((uint)start), high);
    }
}
