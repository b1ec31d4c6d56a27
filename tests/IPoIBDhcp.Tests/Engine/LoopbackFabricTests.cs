using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Engine.Fabric;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Ip;

namespace IPoIBDhcp.Tests.Engine;

/// <summary>What is particular to the loopback transport: registry entries, the 127/8 rule, stale peers, bad frames.</summary>
public class LoopbackFabricTests
{
    private DirectoryInfo registry = null!;

    [SetUp]
    public void CreateRegistry() => registry = Directory.CreateTempSubdirectory("fabric-loopback-");

    [TearDown]
    public void DeleteRegistry() => registry.Delete(recursive: true);

    private FabricEngine Engine(string host) => FabricEngine.Create(
        FabricContractBed.Definition("loop-" + registry.Name),
        new FabricEngineOptions { RegistryDirectory = registry.FullName, HostName = host, Seed = 3 });

    private static CancellationTokenSource Deadline() => new(TimeSpan.FromSeconds(10));

    [Test]
    public async Task EachEngineBindsA127AddressAndPublishesItsPortsUntilDisposed()
    {
        FabricEngine engine = Engine("head");
        IPEndPoint endpoint = engine.LoopbackEndPoint!;
        Assert.That(IPAddress.IsLoopback(endpoint.Address), Is.True);
        Assert.That(endpoint.Address.GetAddressBytes()[0], Is.EqualTo(127));

        FabricPort port = FabricContractBed.Open(engine, "head");
        string entry = File.ReadAllText(engine.RegistryEntry!);
        Assert.That(entry, Does.Contain($"pid {Environment.ProcessId}\n"));
        Assert.That(entry, Does.Contain($"endpoint {endpoint}\n"));
        Assert.That(entry, Does.Contain($"port 0002c90300000001 {port.Qpn:x6} ffff 67 198.18.0.1 ib0 head\n"));

        await port.DisposeAsync();
        Assert.That(File.ReadAllText(engine.RegistryEntry!), Does.Not.Contain("port "));
        string file = engine.RegistryEntry!;
        await engine.DisposeAsync();
        Assert.That(File.Exists(file), Is.False);
    }

    [Test]
    public void TheLoopbackAddressDependsOnTheFabricAndThePid()
    {
        uint tag = InProcessFabric.TagOf("lab");
        Assert.That(InProcessFabric.TagOf("lab"), Is.EqualTo(tag));   // stable across processes (SHA-256, not string.GetHashCode)
        IPAddress a = LoopbackFabricLink.LoopbackAddress(tag, 0x1234);
        Assert.That(a.GetAddressBytes(), Is.EqualTo(new byte[] { 127, (byte)(1 + ((tag >> 24) % 254)), 0x12, 0x34 }));
        Assert.That(LoopbackFabricLink.LoopbackAddress(tag, 0x1235), Is.Not.EqualTo(a));
    }

    [Test]
    public async Task EntriesOfDeadProcessesAreIgnored()
    {
        await using FabricEngine engine = Engine("head");
        FabricPort head = FabricContractBed.Open(engine, "head");
        using var trap = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        trap.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        string Entry(int pid) => $"pid {pid}\nendpoint {trap.LocalEndPoint}\nport 0002c90300001001 000100 ffff 68 - ib0 node01\n";

        // A process that no longer exists (PIDs never reach int.MaxValue - 1): nothing is sent to its socket.
        File.WriteAllText(Path.Combine(registry.FullName, "dead.peer"), Entry(int.MaxValue - 1));
        using CancellationTokenSource cts = Deadline();
        await head.SendAsync(new byte[] { 1, 2, 3 }, FabricTestBed.BroadcastTo(head, 68), LinkTarget.Broadcast, cts.Token);
        Assert.That(trap.Available, Is.Zero);

        // The same entry for a live process does get the broadcast: the check above was not vacuous.
        File.WriteAllText(Path.Combine(registry.FullName, "alive.peer"), Entry(Environment.ProcessId));
        File.SetLastWriteTimeUtc(registry.FullName, DateTime.UtcNow.AddSeconds(1));
        await head.SendAsync(new byte[] { 4, 5, 6 }, FabricTestBed.BroadcastTo(head, 68), LinkTarget.Broadcast, cts.Token);
        var frame = new byte[8192];
        int n = await trap.ReceiveAsync(frame, SocketFlags.None, cts.Token);
        Assert.That(BinaryPrimitives.ReadUInt32BigEndian(frame), Is.EqualTo(FabricFrame.Magic));
        Assert.That(frame[(n - 3)..n], Is.EqualTo(new byte[] { 4, 5, 6 }));
        Assert.That(trap.Available, Is.Zero);   // once per process, not once per port
    }

    [Test]
    public async Task MalformedAndForeignFramesAreCountedNotDelivered()
    {
        await using FabricEngine engine = Engine("node01");
        FabricPort node = FabricContractBed.Open(engine, "node01");
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        uint tag = InProcessFabric.TagOf("loop-" + registry.Name);
        var source = new IPoIBHardwareAddress(0, 0x123, Gid.LinkLocal(new PortGuid(0x0002_c903_0000_0001)));
        var frame = new byte[200];

        int Build(uint fabricTag, ushort udpLength)
        {
            Span<byte> source20 = stackalloc byte[20];
            source.Write(source20);
            Span<byte> destination20 = stackalloc byte[20];
            IPoIBHardwareAddress.Broadcast(PKey.Default).Write(destination20);
            FabricFrame.WriteHeader(frame, fabricTag, PKey.Default, true, source20, destination20);
            IPoIBEncapsulationHeader.IPv4.Write(frame.AsSpan(FabricFrame.HeaderLength));
            int length = IPv4UdpCodec.Write(frame.AsSpan(FabricFrame.IPv4Offset), new IPv4UdpEndpoints(0xC612_0001, 67, 0xFFFF_FFFF, 68), [9, 9, 9, 9]);
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(FabricFrame.IPv4Offset + 24), udpLength);   // UDP length field
            return FabricFrame.IPv4Offset + length;
        }

        using CancellationTokenSource cts = Deadline();
        int bad = Build(tag, 200);                       // UDP length beyond the IPv4 datagram: malformed
        await peer.SendToAsync(frame.AsMemory(0, bad), SocketFlags.None, engine.LoopbackEndPoint!, cts.Token);
        int foreign = Build(tag ^ 1, 12);                // another fabric's frame
        await peer.SendToAsync(frame.AsMemory(0, foreign), SocketFlags.None, engine.LoopbackEndPoint!, cts.Token);
        int good = Build(tag, 12);
        await peer.SendToAsync(frame.AsMemory(0, good), SocketFlags.None, engine.LoopbackEndPoint!, cts.Token);

        var buffer = new byte[2044];
        ReceivedDatagram got = await node.ReceiveAsync(buffer, cts.Token);
        Assert.That(buffer[..got.Length], Is.EqualTo(new byte[] { 9, 9, 9, 9 }));
        Assert.That(got.LinkSource.ToIPoIB(), Is.EqualTo(source));
        Assert.That(node.Counters.DropMalformed, Is.EqualTo(1));
        Assert.That(engine.Fabric.ForeignFrames, Is.EqualTo(1));
    }

    [Test]
    public async Task PartitionEditsReachEveryProcessThroughTheSharedFile()
    {
        string dir = registry.FullName;
        File.WriteAllText(Path.Combine(dir, "partitions.conf"), "Default=0x7fff, ipoib : ALL=full;\n");
        File.WriteAllText(Path.Combine(dir, "fabric.conf"), $"fabric \"shared-{registry.Name}\" {{ partitions \"partitions.conf\"; }}\n" + FabricContractBed.Config.Split('\n', 2)[1]);
        var options = new FabricEngineOptions { RegistryDirectory = dir, PartitionsPollInterval = TimeSpan.FromMilliseconds(20) };
        await using FabricEngine server = FabricEngine.Load(Path.Combine(dir, "fabric.conf"), options with { HostName = "head" });
        await using FabricEngine client = FabricEngine.Load(Path.Combine(dir, "fabric.conf"), options with { HostName = "node01" });
        FabricPort head = server.OpenPort("head", "ib0.8001", 67);
        FabricPort node = client.OpenPort("node01", "ib0.8001", 68);
        Assert.That(node.HasCarrier, Is.False);

        File.WriteAllText(Path.Combine(dir, "partitions.conf"), "Default=0x7fff, ipoib : ALL=full;\nstorage=0x8001, ipoib, mtu=4 : ALL=full;\n");
        using CancellationTokenSource cts = Deadline();
        while (!(node.HasCarrier && head.HasCarrier))
            await Task.Delay(10, cts.Token);
        await node.SendAsync(new byte[] { 1 }, new DatagramEndpoints(IPv4Address.Any, 68, IPv4Address.Broadcast, 67), LinkTarget.Broadcast, cts.Token);
        var buffer = new byte[head.Mtu];
        ReceivedDatagram got = await head.ReceiveAsync(buffer, cts.Token);
        Assert.That(got.LinkSource, Is.EqualTo(node.LinkAddress));
        Assert.That(got.PKey, Is.EqualTo(new PKey(0x8001)));
    }
}
