using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Engine.Fabric;
using IPoIBDhcp.Tests.Support;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.InteropTests.Peers;

/// <summary>
/// There is no IPoIB link to put a peer server on, so the IPoIB side is our emulated fabric and this test
/// relay agent (RFC 1542) bridges it to a server reached by UDP: it is host "relay" on a fresh fabric
/// (<see cref="FabricConfig"/>), takes the clients' broadcast BOOTREQUESTs, sets giaddr and hops and unicasts
/// them to the server from <see cref="GatewayAddress"/>:67 in a test namespace, and broadcasts the server's
/// BOOTREPLYs back on the fabric, as a router's relay would between an IPoIB subnet and the DHCP server's.
/// </summary>
public sealed class FabricRelay : IAsyncDisposable
{
    private const int HopsOffset = 3;
    private const int GatewayOffset = 24;
    private const ushort ServerPort = 67;
    private const ushort ClientPort = 68;

    private readonly FabricEngine engine;
    private readonly FabricPort port;
    private readonly Socket socket;
    private readonly IPEndPoint server;
    private readonly CancellationTokenSource stop = new();
    private readonly Task[] loops;
    private readonly string directory;
    private int requests;
    private int replies;

    private FabricRelay(string directory, FabricEngine engine, FabricPort port, Socket socket, IPAddress gateway, IPEndPoint server)
    {
        this.directory = directory;
        this.engine = engine;
        this.port = port;
        this.socket = socket;
        this.server = server;
        GatewayAddress = gateway;
        loops = [Task.Run(ForwardRequestsAsync), Task.Run(ForwardRepliesAsync)];
    }

    /// <summary>The fabric.conf our dhclient is started with (<c>--fabric</c>): hosts relay, node001, node002.</summary>
    public string FabricConfig => Path.Combine(directory, "fabric.conf");

    /// <summary>giaddr: the relay's address on the IPoIB subnet (the server answers to it, port 67).</summary>
    public IPAddress GatewayAddress { get; }

    /// <summary>BOOTREQUESTs forwarded to the server.</summary>
    public int Requests => Volatile.Read(ref requests);

    /// <summary>BOOTREPLYs broadcast back on the fabric.</summary>
    public int Replies => Volatile.Read(ref replies);

    /// <summary>
    /// Creates the fabric and the relay. <paramref name="ns"/> must already have <paramref name="gateway"/> on an
    /// interface and a route to <paramref name="server"/>.
    /// </summary>
    public static async Task<FabricRelay> StartAsync(NetworkNamespace ns, IPAddress gateway, IPEndPoint server)
    {
        string directory = Directory.CreateTempSubdirectory("interop-fabric-").FullName;
        string name = "interop-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
        // No partitions file: everyone is a full member of the default partition (P_Key 0xffff).
        await File.WriteAllTextAsync(Path.Combine(directory, "fabric.conf"),
            $"fabric \"{name}\" {{ mtu 4096; }}\n" +
            "host relay { port ib0 guid 0002:c903:0000:0001; }\n" +
            "host node001 { port ib0 guid 0002:c903:0000:1001; }\n" +
            "host node002 { port ib0 guid 0002:c903:0000:1002; }\n");
        FabricEngine engine = FabricEngine.Load(Path.Combine(directory, "fabric.conf"), new FabricEngineOptions { HostName = "relay" });
        FabricPort port = engine.OpenPort("relay", "ib0", ServerPort);
        port.LocalAddress = IPv4Address.Parse(gateway.ToString());
        Socket socket = await ns.RunAsync(() =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            s.Bind(new IPEndPoint(gateway, ServerPort));
            return s;
        });
        return new FabricRelay(directory, engine, port, socket, gateway, server);
    }

    /// <summary>Stops relaying and closes the fabric (never throws).</summary>
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        socket.Dispose();
        try
        {
            await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or TimeoutException)
        {
            // the loops end by cancellation or by their socket closing
        }

        // The fabric's registry directory (one per fabric name) would outlive the test: remove it with ours.
        string? registry = engine.RegistryEntry is { } entry ? Path.GetDirectoryName(entry) : null;
        await port.DisposeAsync();
        await engine.DisposeAsync();
        if (registry is not null && Path.GetFileName(registry).StartsWith("ipoib-fabric-interop-", StringComparison.Ordinal) && Directory.Exists(registry))
        {
            Directory.Delete(registry, recursive: true);
        }

        stop.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private async Task ForwardRequestsAsync()
    {
        byte[] buffer = new byte[4096];
        byte[] gateway = GatewayAddress.GetAddressBytes();
        while (!stop.IsCancellationRequested)
        {
            ReceivedDatagram received = await port.ReceiveAsync(buffer, stop.Token);
            if (received.Length < 240 || buffer[0] != 1)
            {
                continue;
            }

            buffer[HopsOffset]++;
            if (buffer.AsSpan(GatewayOffset, 4).IndexOfAnyExcept((byte)0) < 0)
            {
                gateway.CopyTo(buffer, GatewayOffset);
            }

            await socket.SendToAsync(buffer.AsMemory(0, received.Length), SocketFlags.None, server, stop.Token);
            Interlocked.Increment(ref requests);
        }
    }

    private async Task ForwardRepliesAsync()
    {
        byte[] buffer = new byte[4096];
        var from = new IPEndPoint(IPAddress.Any, 0);
        var endpoints = new DatagramEndpoints(IPv4Address.Parse(GatewayAddress.ToString()), ServerPort, IPv4Address.Broadcast, ClientPort);
        while (!stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, from, stop.Token);
            if (received.ReceivedBytes < 240 || buffer[0] != 2)
            {
                continue;
            }

            await port.SendAsync(buffer.AsMemory(0, received.ReceivedBytes), endpoints, LinkTarget.Broadcast, stop.Token);
            Interlocked.Increment(ref replies);
        }
    }
}
