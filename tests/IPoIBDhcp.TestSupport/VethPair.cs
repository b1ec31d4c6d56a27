using System.Diagnostics;

namespace IPoIBDhcp.Tests.Support;

/// <summary>
/// Two fresh namespaces joined by one veth pair: the smallest real Ethernet link, with nothing else on it and
/// no route out. The link is created directly inside the namespaces, so the host's own namespace never sees it.
/// </summary>
public sealed class VethPair : IAsyncDisposable
{
    private VethPair(NetworkNamespace left, NetworkNamespace right)
    {
        Left = left;
        Right = right;
    }

    /// <summary>The first namespace (a server's side, by convention).</summary>
    public NetworkNamespace Left { get; }

    /// <summary>The second namespace (a client's side).</summary>
    public NetworkNamespace Right { get; }

    /// <summary>The veth end in <see cref="Left"/>.</summary>
    public string LeftInterface => "veth0";

    /// <summary>The veth end in <see cref="Right"/>.</summary>
    public string RightInterface => "veth1";

    /// <summary>
    /// Creates the namespaces and the link, assigns the given addresses (CIDR, in 198.18.0.0/15; null for
    /// none), brings both ends up and waits until the link reports carrier.
    /// </summary>
    public static async Task<VethPair> CreateAsync(string? leftAddress, string? rightAddress)
    {
        NetworkNamespace left = await NetworkNamespace.CreateAsync().ConfigureAwait(false);
        NetworkNamespace? right = null;
        try
        {
            right = await NetworkNamespace.CreateAsync().ConfigureAwait(false);
            var pair = new VethPair(left, right);
            await left.IpAsync("link", "add", pair.LeftInterface, "type", "veth", "peer", "name", pair.RightInterface, "netns", right.Name).ConfigureAwait(false);
            if (leftAddress is not null)
            {
                await left.IpAsync("addr", "add", leftAddress, "dev", pair.LeftInterface).ConfigureAwait(false);
            }

            if (rightAddress is not null)
            {
                await right.IpAsync("addr", "add", rightAddress, "dev", pair.RightInterface).ConfigureAwait(false);
            }

            await left.IpAsync("link", "set", pair.LeftInterface, "up").ConfigureAwait(false);
            await right.IpAsync("link", "set", pair.RightInterface, "up").ConfigureAwait(false);
            await WaitForCarrierAsync(left, pair.LeftInterface).ConfigureAwait(false);
            await WaitForCarrierAsync(right, pair.RightInterface).ConfigureAwait(false);
            return pair;
        }
        catch
        {
            if (right is not null)
            {
                await right.DisposeAsync().ConfigureAwait(false);
            }

            await left.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Deletes both namespaces (and with them the link and any processes started in them).</summary>
    public async ValueTask DisposeAsync()
    {
        await Right.DisposeAsync().ConfigureAwait(false);
        await Left.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task WaitForCarrierAsync(NetworkNamespace ns, string device)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            string state = await ns.IpAsync("-o", "link", "show", "dev", device).ConfigureAwait(false);
            if (state.Contains("LOWER_UP", StringComparison.Ordinal))
            {
                return;
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(5))
            {
                throw new TimeoutException($"{ns}/{device} has no carrier: {state.Trim()}");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }
}
