using System.Globalization;
using System.Net;
using System.Net.Sockets;
using IPoIBDhcp.Tests.Support;

namespace IPoIBDhcp.IntegrationTests.Support;

/// <summary>
/// A Raft cluster of real dhcpd processes on loopback, the way an admin runs one: every member gets the same
/// dhcpd.conf and member list, its own <c>--listen 127.0.0.1N:P</c> for relayed traffic, its own Raft endpoint
/// and state directory, and a metrics endpoint the tests read the role from. Members can be killed (SIGKILL),
/// frozen (SIGSTOP: to the others it is gone, with its sockets still open) and started again on their state.
/// On a <see cref="ClusterNetwork"/> each member runs in its own namespace instead, so links can be cut.
/// </summary>
internal sealed class DhcpCluster : IAsyncDisposable
{
    private readonly HttpClient http;
    private readonly ClusterNetwork? network;
    private readonly Workspace workspace;
    private readonly string config;
    private readonly DaemonProcess?[] processes;
    private readonly string[] settings;

    private DhcpCluster(Workspace workspace, string config, int size, ClusterNetwork? network)
    {
        this.workspace = workspace;
        this.config = config;
        this.network = network;
        processes = new DaemonProcess?[size];
        if (network is null)
        {
            Addresses = Enumerable.Range(0, size).Select(i => IPAddress.Parse($"127.0.0.{11 + i}")).ToArray();
            RaftAddresses = Addresses;
            Giaddr = LoopbackPorts.Relay;
            DhcpPort = LoopbackPorts.PickFree(SocketType.Dgram, [LoopbackPorts.Relay, .. Addresses]);
            RaftPort = LoopbackPorts.PickFree(SocketType.Stream, Addresses);
            MetricsPort = LoopbackPorts.PickFree(SocketType.Stream, Addresses);
            http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        }
        else
        {
            // Namespaces of their own: nothing else binds there.
            Addresses = Enumerable.Range(0, size).Select(ClusterNetwork.DhcpAddress).ToArray();
            RaftAddresses = Enumerable.Range(0, size).Select(ClusterNetwork.RaftAddress).ToArray();
            Giaddr = ClusterNetwork.Giaddr;
            (DhcpPort, RaftPort, MetricsPort) = (6767, 7000, 9167);
            http = new HttpClient(new SocketsHttpHandler { ConnectCallback = ConnectFromRelayAsync }) { Timeout = TimeSpan.FromSeconds(5) };
        }
        settings = ["--LeaseStore=raft", $"--Cluster:Members={string.Join(',', RaftAddresses.Select(a => $"{a}:{RaftPort}"))}"];
    }

    /// <summary>Each member's listen address (also its server identifier and metrics address).</summary>
    public IPAddress[] Addresses { get; }

    /// <summary>Each member's Raft address.</summary>
    public IPAddress[] RaftAddresses { get; }

    /// <summary>The relay agent's address (giaddr), where the members send their replies.</summary>
    public IPAddress Giaddr { get; }

    /// <summary>The DHCP port every member listens on (<c>-p</c>) and the relay uses.</summary>
    public int DhcpPort { get; }

    /// <summary>The Raft (TCP) port of every member, each on its own address.</summary>
    public int RaftPort { get; }

    /// <summary>The metrics (HTTP) port of every member, each on its own address.</summary>
    public int MetricsPort { get; }

    /// <summary>Number of members.</summary>
    public int Size => processes.Length;

    /// <summary>Where each member sends its relayed replies to: the relay agent at 127.0.0.2.</summary>
    public IPEndPoint[] DhcpEndpoints => Addresses.Select(a => new IPEndPoint(a, DhcpPort)).ToArray();

    /// <summary>A member's process (null while it is down).</summary>
    public DaemonProcess? this[int member] => processes[member];

    /// <summary>
    /// Starts <paramref name="size"/> members together (on loopback, or each in its namespace of
    /// <paramref name="network"/>) and returns once each serves (an election may still run).
    /// </summary>
    public static async Task<DhcpCluster> StartAsync(Workspace workspace, string config, int size = 3, ClusterNetwork? network = null)
    {
        var cluster = new DhcpCluster(workspace, config, size, network);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, size).Select(cluster.StartMemberAsync)).ConfigureAwait(false);
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return cluster;
    }

    /// <summary>The relay agent the tests' clients talk through: it forwards every request to every member.</summary>
    public async Task<DhcpTestClient> CreateRelayAsync()
    {
        var local = new IPEndPoint(Giaddr, DhcpPort);
        return network is null
            ? DhcpTestClient.OverUdp(local, DhcpEndpoints)
            : await network.Relay.RunAsync(() => DhcpTestClient.OverUdp(local, DhcpEndpoints)).ConfigureAwait(false);
    }

    /// <summary>Starts member <paramref name="member"/> (again, on its state directory) and waits until it serves.</summary>
    public async Task StartMemberAsync(int member)
    {
        if (processes[member] is { HasExited: false })
            throw new InvalidOperationException($"member {member} is running");
        var address = Addresses[member];
        string[] arguments =
        [
            "-d", "-cf", config, "-lf", workspace.File($"unused{member}.leases"), "--no-pid",
            "-p", $"{DhcpPort}", "--listen", $"{address}:{DhcpPort}", .. settings,
            $"--Cluster:Endpoint={RaftAddresses[member]}:{RaftPort}", $"--Cluster:Directory={workspace.File($"member{member}")}",
            $"--MetricsEndpoint={address}:{MetricsPort}",
        ];
        var environment = new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = workspace.Path };
        // 'ip netns exec' execs dhcpd in place: the pid is dhcpd's, so kill and SIGSTOP reach it.
        var process = network is null
            ? DaemonProcess.Start(RepoLayout.Program("dhcpd"), arguments, environment)
            : DaemonProcess.Start(Prerequisites.FindExecutable("ip") ?? "ip", ["netns", "exec", network.Members[member].Name, RepoLayout.Program("dhcpd"), .. arguments], environment);
        processes[member] = process;
        await process.WaitForLineAsync(Dhcpd.Serving, Dhcpd.StartTimeout).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until exactly one running, unfrozen member reports that it leads and answers clients, and returns it.
    /// </summary>
    public async Task<int> WaitForLeaderAsync(TimeSpan timeout, IReadOnlySet<int>? excluded = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var leaders = new List<int>();
            for (int i = 0; i < Size; i++)
            {
                if (excluded?.Contains(i) == true || processes[i] is not { HasExited: false }) continue;
                if (await GaugeAsync(i, "dhcpd_cluster_leader").ConfigureAwait(false) == 1) leaders.Add(i);
            }
            if (leaders.Count == 1) return leaders[0];
            if (clock.Elapsed > timeout)
                Assert.Fail($"no single leader within {timeout.TotalSeconds} s (leading: {string.Join(", ", leaders)}); output:\n{Output()}");
            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    /// <summary>A gauge or counter from a member's /metrics (null when it does not answer).</summary>
    public async Task<long?> GaugeAsync(int member, string name)
    {
        try
        {
            string text = await http.GetStringAsync($"http://{Addresses[member]}:{MetricsPort}/metrics").ConfigureAwait(false);
            foreach (var line in text.Split('\n'))
                if (line.StartsWith(name + " ", StringComparison.Ordinal))
                    return long.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>SIGKILLs a member: no chance to leave the cluster or flush anything.</summary>
    public async Task KillAsync(int member)
    {
        if (processes[member] is { } process) await process.KillAsync().ConfigureAwait(false);
    }

    /// <summary>SIGSTOPs a member: its peers see it vanish, its sockets stay open, its clock stops.</summary>
    public Task FreezeAsync(int member) => SignalAsync(member, "STOP");

    /// <summary>SIGCONTs a frozen member.</summary>
    public Task ThawAsync(int member) => SignalAsync(member, "CONT");

    /// <summary>Every member's output, for failure messages.</summary>
    public string Output() => string.Join("\n", processes.Select((p, i) => $"--- member {i} ({Addresses[i]}):\n{p?.Output}"));

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var process in processes)
            if (process is not null) await process.DisposeAsync().ConfigureAwait(false);
        http.Dispose();
    }

    private async ValueTask<Stream> ConnectFromRelayAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        // The members' metrics are reachable from the relay's namespace only: the socket is made there.
        var socket = await network!.Relay.RunAsync(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)).ConfigureAwait(false);
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task SignalAsync(int member, string signal)
    {
        var process = processes[member] ?? throw new InvalidOperationException($"member {member} is not running");
        await CommandRunner.RunAsync("kill", [$"-{signal}", process.Id.ToString(CultureInfo.InvariantCulture)]).ConfigureAwait(false);
    }
}
