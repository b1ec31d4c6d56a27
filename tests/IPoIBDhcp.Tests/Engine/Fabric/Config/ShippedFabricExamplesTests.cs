using IPoIBDhcp.Engine.Fabric.Config;
using IPoIBDhcp.Engine.Fabric;
using IPoIBDhcp.InfiniBand;

namespace IPoIBDhcp.Tests.Engine.Fabric.Config;

/// <summary>The conf-examples fabric.conf and partitions.conf parse, and mean what their comments (and dhcpd.conf) say.</summary>
public class ShippedFabricExamplesTests
{
    private static string ExamplesDirectory()
    {
        for (DirectoryInfo? dir = new(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IPoIBDhcp.sln")))
                return Path.Combine(dir.FullName, "conf-examples");
        }
        throw new DirectoryNotFoundException("repository root (IPoIBDhcp.sln) not found above the test directory");
    }

    [Test]
    public void FabricConfParses()
    {
        FabricDefinition fabric = FabricConfigParser.Load(Path.Combine(ExamplesDirectory(), "fabric.conf"));
        Assert.That(fabric.Name, Is.EqualTo("lab"));
        Assert.That(fabric.Hosts[0].Name, Is.EqualTo("head"));
        Assert.That(fabric.Hosts, Has.Count.EqualTo(5 + 64));
        Assert.That(fabric.FindHost("node100")!.Ports[0].Guid, Is.EqualTo(PortGuid.Parse("0002:c903:0001:0064")));
        Assert.That(fabric.FindHost("stor01")!.Ports[0].LinkMtu, Is.EqualTo(2048));
        Assert.That(fabric.PartitionsPath, Is.EqualTo(Path.Combine(ExamplesDirectory(), "partitions.conf")));
    }

    [Test]
    public void PartitionsConfParsesIntoThreePartitionsWithTheirMtus()
    {
        PartitionsFile file = PartitionsConfigParser.Load(Path.Combine(ExamplesDirectory(), "partitions.conf"));
        Assert.That(file.Partitions.Select(p => (p.Name, p.PKey.Value, p.IPoIBMtu)), Is.EqualTo(new[]
        {
            ("Default", (ushort)0xffff, 4092),
            ("storage", (ushort)0x8001, 2044),
            ("compute", (ushort)0x8002, 4092),
        }));
    }

    [Test]
    public async Task TheExampleFabricGivesEachInterfaceItsPartitionMtuAndCarrier()
    {
        await using FabricEngine engine = FabricEngine.Load(Path.Combine(ExamplesDirectory(), "fabric.conf"),
            new FabricEngineOptions { Transport = FabricTransport.InProcess, PartitionsPollInterval = TimeSpan.Zero });
        Assert.That(engine.HostName, Is.EqualTo("head"));   // the first host is the default
        FabricPort head = engine.OpenPort("head", "ib0", 67);
        FabricPort headStorage = engine.OpenPort("head", "ib0.8001", 67);
        FabricPort storage = engine.OpenPort("stor01", "ib0", 68);
        FabricPort nodeStorage = engine.OpenPort("node001", "ib0.8001", 68);
        FabricPort node3Compute = engine.OpenPort("node003", "ib0.8002", 68);
        FabricPort node100 = engine.OpenPort("node100", "ib0", 68);
        Assert.That((head.Mtu, headStorage.Mtu, storage.Mtu, node100.Mtu), Is.EqualTo((4092, 2044, 2044, 4092)));  // stor01's 2K link caps Default
        Assert.That(nodeStorage.Membership, Is.EqualTo(PartitionMembership.Limited));
        Assert.That(node3Compute.HasCarrier, Is.False);   // left out of compute on purpose
        Assert.That(engine.OpenPort("node100", "ib0.8001", 68).HasCarrier, Is.False);
    }
}
