using System.Diagnostics;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Server.Leases.IscFile;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.IntegrationTests.Support;

/// <summary>Reads dhcpd's lease file the way a restarted dhcpd would: the last record of an address wins.</summary>
internal static class LeaseFile
{
    /// <summary>The latest record of every address in <paramref name="path"/>.</summary>
    public static Dictionary<IPv4Address, Lease> Latest(string path)
    {
        var content = new IscLeaseFileReader().ReadFile(path);
        var latest = new Dictionary<IPv4Address, Lease>();
        foreach (var lease in content.Leases)
            latest[lease.Address] = lease;
        return latest;
    }

    /// <summary>
    /// Waits until the latest record of <paramref name="address"/> satisfies <paramref name="condition"/> (a commit
    /// without a reply, such as RELEASE, reaches the disk shortly after dhcpd logs it); fails with the record seen.
    /// </summary>
    public static async Task<Lease> WaitForAsync(string path, IPv4Address address, Func<Lease, bool> condition, string what, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        Lease? last = null;
        while (clock.Elapsed < (timeout ?? TimeSpan.FromSeconds(10)))
        {
            if (Latest(path).TryGetValue(address, out last) && condition(last))
                return last;
            await Task.Delay(50).ConfigureAwait(false);
        }
        Assert.Fail($"{path}: lease {address} never became {what}; last record: {(last is null ? "none" : Describe(last))}\n{await File.ReadAllTextAsync(path).ConfigureAwait(false)}");
        return last!;
    }

    /// <summary>One line for messages.</summary>
    public static string Describe(Lease lease) =>
        $"{lease.Address} {lease.BindingState} uid {Convert.ToHexString(lease.ClientId.Span)} ends {lease.Ends:O}";
}
