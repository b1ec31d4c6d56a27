using System.Globalization;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Images;
using IPoIBDhcp.Tests.Support;

namespace IPoIBDhcp.InteropTests.Peers;

/// <summary>
/// One peer (ISC dhcpd, dhclient, udhcpc, Kea, perfdhcp) in a container with no network of its own
/// (<c>--network none</c>, never Docker's bridge): the test links it to one of its namespaces with a veth pair
/// whose far end appears in the container as <c>eth1</c>. The peer's shell command waits (bounded) for that
/// link, brings it up, runs its setup and then execs the peer in the foreground, so that the container's logs
/// are the peer's output. A host directory is mounted at <c>/w</c> for configuration, leases and results.
/// </summary>
public sealed class PeerContainer : IAsyncDisposable
{
    /// <summary>Where the work directory appears inside the container.</summary>
    public const string Mount = "/w";

    private readonly IContainer container;

    private PeerContainer(IContainer container, int pid)
    {
        this.container = container;
        Pid = pid;
    }

    /// <summary>The container's init process on the host (for <c>ip link … netns PID</c>).</summary>
    public int Pid { get; }

    /// <summary>
    /// Starts <paramref name="command"/> (a shell command line) once <c>eth1</c> exists and is up. The caller then
    /// links the container with <see cref="LinkAsync"/>.
    /// </summary>
    public static async Task<PeerContainer> StartAsync(string workDirectory, string command, CancellationToken cancellationToken = default) =>
        await StartAsync(workDirectory, command, linked: true, cancellationToken);

    /// <summary>Runs <paramref name="command"/> with no link at all (configuration and lease-file checks).</summary>
    public static async Task<PeerContainer> StartUnlinkedAsync(string workDirectory, string command) =>
        await StartAsync(workDirectory, command, linked: false, CancellationToken.None);

    private static async Task<PeerContainer> StartAsync(string workDirectory, string command, bool linked, CancellationToken cancellationToken)
    {
        string script = !linked ? command :
            "i=0; while ! ip link show eth1 >/dev/null 2>&1; do i=$((i+1)); " +
            "if [ $i -gt 300 ]; then echo 'peer: eth1 never appeared' >&2; exit 97; fi; sleep 0.05; done; " +
            "ip link set eth1 up && " + command;
        IContainer container = new ContainerBuilder(PeerImage.Name)
            .WithImagePullPolicy(PullPolicy.Never)
            .WithBindMount(workDirectory, Mount)
            .WithEntrypoint("/bin/sh", "-c")
            .WithCommand(script)
            .WithCreateParameterModifier(parameters =>
            {
                parameters.HostConfig ??= new Docker.DotNet.Models.HostConfig();
                parameters.HostConfig.NetworkMode = "none";
                parameters.HostConfig.CapAdd = ["NET_ADMIN", "NET_RAW"];
            })
            .Build();
        try
        {
            // Creating and starting a container takes 1-2 s here: a minute means the engine is stuck.
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(60));
            await container.StartAsync(deadline.Token);
            string pid = await CommandRunner.RunAsync("docker", ["inspect", "--format", "{{.State.Pid}}", container.Id]);
            return new PeerContainer(container, int.Parse(pid.Trim(), CultureInfo.InvariantCulture));
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Creates a veth pair with <paramref name="hostSide"/> in <paramref name="ns"/> and <c>eth1</c> (with MAC
    /// <paramref name="peerMac"/> if given) in the container, and brings the near end up with <paramref name="address"/>
    /// (and MAC <paramref name="hostMac"/> if given).
    /// </summary>
    public async Task LinkAsync(NetworkNamespace ns, string hostSide, string? address, string? peerMac = null, string? hostMac = null)
    {
        string[] peer = peerMac is null
            ? ["peer", "name", "eth1", "netns", Pid.ToString(CultureInfo.InvariantCulture)]
            : ["peer", "name", "eth1", "address", peerMac, "netns", Pid.ToString(CultureInfo.InvariantCulture)];
        string[] near = hostMac is null ? [hostSide] : [hostSide, "address", hostMac];
        await ns.IpAsync(["link", "add", .. near, "type", "veth", .. peer]);
        if (address is not null)
        {
            await ns.IpAsync("addr", "add", address, "dev", hostSide);
        }

        await ns.IpAsync("link", "set", hostSide, "up");
    }

    /// <summary>Joins this container's <c>eth1</c> (MAC <paramref name="mac"/>) to <paramref name="other"/>'s <c>eth1</c> by a veth pair.</summary>
    public async Task LinkAsync(PeerContainer other, string mac, string otherMac) =>
        await CommandRunner.IpAsync("link", "add", "eth1", "address", mac, "netns", Pid.ToString(CultureInfo.InvariantCulture),
            "type", "veth", "peer", "name", "eth1", "address", otherMac, "netns", other.Pid.ToString(CultureInfo.InvariantCulture));

    /// <summary>The peer's stdout and stderr so far.</summary>
    public async Task<string> LogsAsync()
    {
        try
        {
            (string stdout, string stderr) = await container.GetLogsAsync(timestampsEnabled: false);
            return stdout + stderr;
        }
        catch (Exception e)
        {
            return $"(no logs: {e.Message})";
        }
    }

    /// <summary>True once the peer's process ended.</summary>
    public bool HasExited => container.State is TestcontainersStates.Exited or TestcontainersStates.Dead;

    /// <summary>The peer's exit code, waiting (bounded) for it to end.</summary>
    public async Task<long> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        return await container.GetExitCodeAsync(deadline.Token);
    }

    /// <summary>Stops and removes the container (and with it the veth end inside it).</summary>
    public async ValueTask DisposeAsync() => await container.DisposeAsync();
}
