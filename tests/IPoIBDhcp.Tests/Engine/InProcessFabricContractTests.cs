using IPoIBDhcp.Engine;
using IPoIBDhcp.Engine.Fabric;

namespace IPoIBDhcp.Tests.Engine;

/// <summary>The contract over the in-process emulated fabric.</summary>
[TestFixture]
public sealed class InProcessFabricContractTests : LinkLayerPortContract
{
    private FabricEngine? engine;

    private FabricEngine Engine => engine ??= FabricEngine.Create(FabricContractBed.Definition(), new FabricEngineOptions { Transport = FabricTransport.InProcess, Seed = 7 });

    protected override Task<(IDatagramPort First, IDatagramPort Second)> OpenPairAsync(CancellationToken cancellationToken) =>
        Task.FromResult<(IDatagramPort, IDatagramPort)>((FabricContractBed.Open(Engine, "head"), FabricContractBed.Open(Engine, "node01")));

    protected override Task<IReadOnlyList<IDatagramPort>> OpenBroadcastGroupAsync(int receivers, CancellationToken cancellationToken)
    {
        var group = new List<IDatagramPort> { FabricContractBed.Open(Engine, "head") };
        for (int i = 0; i < receivers; i++)
            group.Add(FabricContractBed.Open(Engine, $"node{i + 2:00}"));
        return Task.FromResult<IReadOnlyList<IDatagramPort>>(group);
    }

    protected override bool KeepsOwnAddress => true;

    protected override DatagramEndpoints EndpointsBetween(IDatagramPort from, IDatagramPort to) => FabricContractBed.Endpoints(from, to);

    protected override async ValueTask TearDownBackendAsync()
    {
        if (engine is not null)
            await engine.DisposeAsync();
        engine = null;
    }
}
