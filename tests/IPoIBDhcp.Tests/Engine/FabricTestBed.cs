using IPoIBDhcp.Engine.Fabric.Config;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Engine.Fabric;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Tests.Engine;

/// <summary>
/// A fabric in a temporary directory for the IB-semantics tests: head (4K link), n1 and n2 (4K), n3 (2K link);
/// Default 4K for all; storage 0x8001 2K with head full and n1, n2 limited; compute 0x8002 4K with head and n1 full.
/// </summary>
internal sealed class FabricTestBed : IAsyncDisposable
{
    public const string FabricConf = """
        fabric "semantics" { partitions "partitions.conf"; }
        host head { port ib0 guid 0002:c903:0000:0001 mtu 4096; }
        host n1 { port ib0 guid 0002:c903:0000:1001 mtu 4096; }
        host n2 { port ib0 guid 0002:c903:0000:1002 mtu 4096; }
        host n3 { port ib0 guid 0002:c903:0000:1003 mtu 2048; }
        """;

    public const string Partitions = """
        Default=0x7fff, ipoib, mtu=5 : ALL=full;
        storage=0x8001, ipoib, mtu=4 : 0x0002c90300000001=full, 0x0002c90300001001, 0x0002c90300001002;
        compute=0x8002, ipoib, mtu=5 : 0x0002c90300000001=full, 0x0002c90300001001=full;
        """;

    private readonly DirectoryInfo directory = System.IO.Directory.CreateTempSubdirectory("fabric-test-");

    public FabricTestBed(FabricEngineOptions? options = null, string partitions = Partitions)
    {
        File.WriteAllText(PartitionsPath, partitions);
        File.WriteAllText(Path.Combine(directory.FullName, "fabric.conf"), FabricConf);
        Engine = FabricEngine.Load(Path.Combine(directory.FullName, "fabric.conf"),
            options ?? new FabricEngineOptions { Transport = FabricTransport.InProcess, PartitionsPollInterval = TimeSpan.FromMilliseconds(20), Seed = 1 });
    }

    public FabricEngine Engine { get; }

    public string Directory => directory.FullName;

    public string PartitionsPath => Path.Combine(directory.FullName, "partitions.conf");

    public FabricPort Open(string host, string interfaceName, ushort udpPort, string? address = null)
    {
        FabricPort port = Engine.OpenPort(host, interfaceName, udpPort);
        if (address is not null)
            port.LocalAddress = IPv4Address.Parse(address);
        return port;
    }

    public static DatagramEndpoints To(FabricPort from, FabricPort to) =>
        new(from.LocalAddress ?? IPv4Address.Any, from.LocalPort, to.LocalAddress ?? IPv4Address.Broadcast, to.LocalPort);

    public static DatagramEndpoints BroadcastTo(FabricPort from, ushort port) =>
        new(from.LocalAddress ?? IPv4Address.Any, from.LocalPort, IPv4Address.Broadcast, port);

    public static async Task<byte[]> ReceiveAsync(IDatagramPort port, CancellationToken token)
    {
        var buffer = new byte[port.Mtu];
        ReceivedDatagram d = await port.ReceiveAsync(buffer, token);
        return buffer[..d.Length];
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        directory.Delete(recursive: true);
    }
}
