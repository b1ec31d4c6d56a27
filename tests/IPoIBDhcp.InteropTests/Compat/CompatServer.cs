using System.Net;
using System.Net.Sockets;
using IPoIBDhcp.InteropTests.Peers;
using IPoIBDhcp.Tests.Support;

namespace IPoIBDhcp.InteropTests.Compat;

/// <summary>
/// A server under comparison serving one corpus file, reached only through a relay agent: the relay's namespace
/// holds the relay address on the server's link (and giaddr, as /32, when giaddr is on another subnet) and a UDP
/// socket bound to giaddr:67, from which each row's requests go to the server's port 67 and to which the server
/// answers (RFC 2131 4.1: replies to a relay go to giaddr, port 67). Both servers get the same topology, so the
/// same bytes reach them and their replies can be compared byte for byte.
/// </summary>
public abstract class CompatServer : IAsyncDisposable
{
    private const ushort ServerPort = 67;
    private Socket? socket;

    /// <summary>"ISC" or "ours", for messages.</summary>
    public abstract string Name { get; }

    /// <summary>The entry being served.</summary>
    protected CorpusEntry Entry { get; }

    /// <summary>The relay agent's namespace.</summary>
    protected abstract NetworkNamespace RelaySide { get; }

    /// <summary>Creates the server's description; the subclasses start it.</summary>
    protected CompatServer(CorpusEntry entry)
    {
        Entry = entry;
    }

    /// <summary>The server's output so far (for failure messages).</summary>
    public abstract Task<string> LogAsync();

    /// <summary>
    /// Sends <paramref name="request"/> from the relay and returns the first BOOTREPLY with its transaction id
    /// within <paramref name="wait"/>, or null when none came.
    /// </summary>
    public async Task<DhcpReply?> ExchangeAsync(byte[] request, uint transactionId, TimeSpan wait)
    {
        Socket relay = socket ?? throw new InvalidOperationException("the relay socket is not open");
        var server = new IPEndPoint(Entry.Server, ServerPort);
        await relay.SendToAsync(request, SocketFlags.None, server);
        byte[] buffer = new byte[4096];
        using var deadline = new CancellationTokenSource(wait);
        try
        {
            while (true)
            {
                SocketReceiveFromResult received = await relay.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), deadline.Token);
                byte[] packet = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
                if (packet.Length >= 8 && packet[0] == 2 && System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(4)) == transactionId)
                {
                    DhcpReply? reply = DhcpReply.Parse(packet, out string? problem);
                    Assert.That(reply, Is.Not.Null, $"{Name} sent a malformed reply to {Entry.File}: {problem}");
                    return reply;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Closes the relay socket, then stops the server and removes its namespaces.</summary>
    public virtual ValueTask DisposeAsync()
    {
        socket?.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Gives the relay giaddr (unless it is the relay's own address) and opens its socket on giaddr:67.</summary>
    protected async Task OpenRelayAsync(string device)
    {
        if (!Entry.Gateway.Equals(Entry.Relay))
        {
            await RelaySide.IpAsync("addr", "add", $"{Entry.Gateway}/32", "dev", device);
        }

        socket = await RelaySide.RunAsync(() =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            s.Bind(new IPEndPoint(Entry.Gateway, ServerPort));
            return s;
        });
    }

    /// <summary>The server side's route back to a giaddr that is not on its link.</summary>
    protected static string[]? GatewayRoute(CorpusEntry entry, string device) =>
        entry.GatewayOnServerLink ? null : ["route", "add", $"{entry.Gateway}/32", "via", entry.Relay.ToString(), "dev", device];
}

/// <summary>ISC dhcpd 4.4 from the peer image, serving the file on the container's eth1.</summary>
public sealed class IscCompatServer : CompatServer
{
    private readonly PeerContainer container;
    private readonly NetworkNamespace relaySide;

    private IscCompatServer(CorpusEntry entry, PeerContainer container, NetworkNamespace relaySide)
        : base(entry)
    {
        this.container = container;
        this.relaySide = relaySide;
    }

    /// <inheritdoc/>
    public override string Name => "ISC";

    /// <inheritdoc/>
    protected override NetworkNamespace RelaySide => relaySide;

    /// <summary>
    /// Starts <c>dhcpd -4 -f -d -cf /w/corpus/FILE eth1</c> in a container linked to a new relay namespace, and waits
    /// (bounded) for "Server starting service.". <paramref name="workDirectory"/> must hold corpus/FILE.
    /// </summary>
    public static async Task<IscCompatServer> StartAsync(CorpusEntry entry, string workDirectory)
    {
        string leases = $"/w/isc-{entry.File}.leases";
        string route = GatewayRoute(entry, "eth1") is { } r ? $"ip {string.Join(' ', r)} && " : "";
        string hosts = entry.HostsFile is { } h ? $"cat /w/corpus/{h} >> /etc/hosts && " : "";
        PeerContainer container = await PeerContainer.StartAsync(workDirectory,
            $"{hosts}ip addr add {entry.Server}/{entry.PrefixLength} dev eth1 && {route}touch {leases} && " +
            $"exec dhcpd -4 -f -d -cf /w/corpus/{entry.File} -lf {leases} -pf /w/isc-{entry.File}.pid eth1");
        NetworkNamespace? relaySide = null;
        try
        {
            relaySide = await NetworkNamespace.CreateAsync();
            await container.LinkAsync(relaySide, "veth0", $"{entry.Relay}/{entry.PrefixLength}");
            var server = new IscCompatServer(entry, container, relaySide);
            await server.OpenRelayAsync("veth0");
            await Eventually.WaitAsync(
                async () => (await container.LogsAsync()).Contains("Server starting service.", StringComparison.Ordinal) ? ""
                    : container.HasExited ? throw new AssertionException($"ISC dhcpd exited on {entry.File}:\n{await container.LogsAsync()}") : null,
                TimeSpan.FromSeconds(30), $"ISC dhcpd serving {entry.File}", container.LogsAsync);
            return server;
        }
        catch
        {
            if (relaySide is not null)
            {
                await relaySide.DisposeAsync();
            }

            await container.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc/>
    public override Task<string> LogAsync() => container.LogsAsync();

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await container.DisposeAsync();
        await relaySide.DisposeAsync();
    }
}

/// <summary>Our dhcpd serving the file on a relayed-UDP socket (<c>--listen SERVER:67</c>) in a test namespace.</summary>
public sealed class OurCompatServer : CompatServer
{
    private readonly VethPair link;
    private readonly BackgroundProcess dhcpd;
    private readonly string? hosts;

    private OurCompatServer(CorpusEntry entry, VethPair link, BackgroundProcess dhcpd, string? hosts)
        : base(entry)
    {
        this.link = link;
        this.dhcpd = dhcpd;
        this.hosts = hosts;
    }

    /// <inheritdoc/>
    public override string Name => "ours";

    /// <inheritdoc/>
    protected override NetworkNamespace RelaySide => link.Left;

    /// <summary>Starts our dhcpd on the file (the repository's copy) behind a veth pair whose other end is the relay.</summary>
    public static async Task<OurCompatServer> StartAsync(CorpusEntry entry, string workDirectory)
    {
        VethPair link = await VethPair.CreateAsync($"{entry.Relay}/{entry.PrefixLength}", $"{entry.Server}/{entry.PrefixLength}");
        string? hosts = null;
        try
        {
            hosts = entry.ProvideHosts(link.Right.Name);
            if (GatewayRoute(entry, link.RightInterface) is { } route)
            {
                await link.Right.IpAsync(route);
            }

            BackgroundProcess dhcpd = await OurServer.StartAsync(link.Right, Path.Combine(workDirectory, "corpus", entry.File),
                Path.Combine(workDirectory, $"ours-{entry.File}.leases"), "--listen", $"{entry.Server}:67");
            var server = new OurCompatServer(entry, link, dhcpd, hosts);
            await server.OpenRelayAsync(link.LeftInterface);
            return server;
        }
        catch
        {
            await link.DisposeAsync();
            if (hosts is not null)
            {
                Directory.Delete(hosts, recursive: true);
            }

            throw;
        }
    }

    /// <inheritdoc/>
    public override Task<string> LogAsync() => Task.FromResult(dhcpd.Output);

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await link.DisposeAsync();
        if (hosts is not null)
        {
            Directory.Delete(hosts, recursive: true);
        }
    }
}
