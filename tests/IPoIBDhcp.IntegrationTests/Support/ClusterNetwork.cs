using System.Globalization;
using System.Net;
using IPoIBDhcp.Tests.Support;

namespace IPoIBDhcp.IntegrationTests.Support;

/// <summary>
/// Real links for a cluster whose members can be cut off from each other while clients still reach them. Every
/// member runs in its own namespace with two links: <c>raft0</c> to a bridge (namespace <c>sw</c>) that carries
/// only the members' Raft traffic, and <c>dhcp0</c>, a point-to-point link to the relay's namespace, where the
/// test's relay socket lives (giaddr 198.18.255.1 on the relay's loopback). Cutting a member's bridge port is a
/// network partition of Raft alone: the member keeps receiving every DHCP request. All addresses are in
/// 198.18.0.0/15 and nothing routes out of these namespaces.
/// </summary>
internal sealed class ClusterNetwork : IAsyncDisposable
{
    private readonly List<NetworkNamespace> owned = [];

    private ClusterNetwork(NetworkNamespace relay, NetworkNamespace bridge, NetworkNamespace[] members)
    {
        Relay = relay;
        Bridge = bridge;
        Members = members;
        owned.AddRange([relay, bridge, .. members]);
    }

    /// <summary>The relay agent's namespace: create the relay's sockets in it (<see cref="NetworkNamespace.RunAsync{T}(Func{T})"/>).</summary>
    public NetworkNamespace Relay { get; }

    /// <summary>Each member's namespace.</summary>
    public NetworkNamespace[] Members { get; }

    /// <summary>The relay's address (giaddr), on the relay namespace's loopback.</summary>
    public static IPAddress Giaddr { get; } = IPAddress.Parse("198.18.255.1");

    private NetworkNamespace Bridge { get; }

    /// <summary>Member <paramref name="i"/>'s address on its link to the relay (DHCP and metrics).</summary>
    public static IPAddress DhcpAddress(int i) => IPAddress.Parse($"198.18.{110 + i}.2");

    /// <summary>Member <paramref name="i"/>'s address on the Raft bridge.</summary>
    public static IPAddress RaftAddress(int i) => IPAddress.Parse($"198.18.100.{11 + i}");

    /// <summary>Builds the namespaces and links for <paramref name="size"/> members and waits for carrier everywhere.</summary>
    public static async Task<ClusterNetwork> CreateAsync(int size)
    {
        Prerequisites.RequireNetworkNamespaces();
        var created = new List<NetworkNamespace>();
        try
        {
            for (int i = 0; i < size + 2; i++) created.Add(await NetworkNamespace.CreateAsync().ConfigureAwait(false));
            var network = new ClusterNetwork(created[0], created[1], [.. created.Skip(2)]);
            await network.WireAsync().ConfigureAwait(false);
            return network;
        }
        catch
        {
            foreach (var ns in created) await ns.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Cuts member <paramref name="i"/> off the Raft bridge (its DHCP link stays up).</summary>
    public Task PartitionAsync(int i) => Bridge.IpAsync("link", "set", Port(i), "down");

    /// <summary>Reconnects member <paramref name="i"/> to the Raft bridge.</summary>
    public Task HealAsync(int i) => Bridge.IpAsync("link", "set", Port(i), "up");

    /// <summary>Deletes every namespace (and with them the links and the processes started in them).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var ns in owned) await ns.DisposeAsync().ConfigureAwait(false);
    }

    private static string Port(int i) => $"port{i}";

    private async Task WireAsync()
    {
        await Bridge.IpAsync("link", "add", "br0", "type", "bridge").ConfigureAwait(false);
        await Bridge.IpAsync("link", "set", "br0", "up").ConfigureAwait(false);
        await Relay.IpAsync("addr", "add", $"{Giaddr}/32", "dev", "lo").ConfigureAwait(false);
        for (int i = 0; i < Members.Length; i++)
        {
            var member = Members[i];
            string relaySide = string.Create(CultureInfo.InvariantCulture, $"198.18.{110 + i}.1");
            await member.IpAsync("link", "add", "raft0", "type", "veth", "peer", "name", Port(i), "netns", Bridge.Name).ConfigureAwait(false);
            await Bridge.IpAsync("link", "set", Port(i), "master", "br0", "up").ConfigureAwait(false);
            await member.IpAsync("addr", "add", $"{RaftAddress(i)}/24", "dev", "raft0").ConfigureAwait(false);
            await member.IpAsync("link", "set", "raft0", "up").ConfigureAwait(false);

            await member.IpAsync("link", "add", "dhcp0", "type", "veth", "peer", "name", $"member{i}", "netns", Relay.Name).ConfigureAwait(false);
            await member.IpAsync("addr", "add", $"{DhcpAddress(i)}/24", "dev", "dhcp0").ConfigureAwait(false);
            await member.IpAsync("link", "set", "dhcp0", "up").ConfigureAwait(false);
            await member.IpAsync("route", "add", $"{Giaddr}/32", "via", relaySide).ConfigureAwait(false);
            await Relay.IpAsync("addr", "add", $"{relaySide}/24", "dev", $"member{i}").ConfigureAwait(false);
            await Relay.IpAsync("link", "set", $"member{i}", "up").ConfigureAwait(false);
        }
        // With STP off, bridge ports forward as soon as they have carrier.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var member in Members)
        {
            foreach (var link in new[] { "raft0", "dhcp0" })
            {
                while (!(await member.IpAsync("link", "show", link).ConfigureAwait(false)).Contains("LOWER_UP", StringComparison.Ordinal))
                {
                    if (clock.Elapsed > TimeSpan.FromSeconds(10)) throw new InvalidOperationException($"{link} in {member} has no carrier");
                    await Task.Delay(20).ConfigureAwait(false);
                }
            }
        }
    }
}
