using IPoIBDhcp.Engine;
using IPoIBDhcp.Engine.Fabric;

namespace IPoIBDhcp.Tests.Engine;

/// <summary>
/// The contract over the loopback transport: two <see cref="FabricEngine"/>s standing for two processes (a
/// dhcpd for "head", a process hosting the nodes), each with its own socket and registry entry in a shared
/// registry directory, so every frame between them crosses a real 127/8 UDP socket. (Two engines in one test
/// process rather than two processes: the transport cannot tell the difference, and the suite stays fast.)
/// </summary>
[TestFixture]
public sealed class LoopbackFabricContractTests : LinkLayerPortContract
{
    private string? registry;
    private FabricEngine? server;
    private FabricEngine? nodes;

    private void Start()
    {
        if (server is not null)
            return;
        registry = Directory.CreateTempSubdirectory("fabric-registry-").FullName;
        string name = "contract-" + Path.GetFileName(registry);
        server = FabricEngine.Create(FabricContractBed.Definition(name), new FabricEngineOptions { RegistryDirectory = registry, HostName = "head" });
        nodes = FabricEngine.Create(FabricContractBed.Definition(name), new FabricEngineOptions { RegistryDirectory = registry, HostName = "node01" });
    }

    protected override Task<(IDatagramPort First, IDatagramPort Second)> OpenPairAsync(CancellationToken cancellationToken)
    {
        Start();
        return Task.FromResult<(IDatagramPort, IDatagramPort)>((FabricContractBed.Open(server!, "head"), FabricContractBed.Open(nodes!, "node01")));
    }

    protected override Task<IReadOnlyList<IDatagramPort>> OpenBroadcastGroupAsync(int receivers, CancellationToken cancellationToken)
    {
        Start();
        var group = new List<IDatagramPort> { FabricContractBed.Open(server!, "head") };
        for (int i = 0; i < receivers; i++)
        {
            // The first receiver lives in the sender's own engine: local and remote delivery in one broadcast.
            group.Add(FabricContractBed.Open(i == 0 ? server! : nodes!, $"node{i + 2:00}"));
        }
        return Task.FromResult<IReadOnlyList<IDatagramPort>>(group);
    }

    protected override bool KeepsOwnAddress => true;

    protected override DatagramEndpoints EndpointsBetween(IDatagramPort from, IDatagramPort to) => FabricContractBed.Endpoints(from, to);

    protected override async ValueTask TearDownBackendAsync()
    {
        if (nodes is not null)
            await nodes.DisposeAsync();
        if (server is not null)
            await server.DisposeAsync();
        nodes = server = null;
        if (registry is not null)
            Directory.Delete(registry, recursive: true);
        registry = null;
    }
}
