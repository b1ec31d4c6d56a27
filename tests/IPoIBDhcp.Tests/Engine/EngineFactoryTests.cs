using IPoIBDhcp.Client.Hosting;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Engine.Fabric;
using IPoIBDhcp.Engine.PacketSocket;
using IPoIBDhcp.Engine.Udp;
using IPoIBDhcp.Server.Hosting;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Tests.Engine;

/// <summary>
/// The one engine factory both programs use: where the fabric file is found (from dhcpd's and dhclient's command
/// lines alike) and which backend serves what.
/// </summary>
public class EngineFactoryTests
{
    private string dir = "";
    private string fabricName = "";

    [SetUp]
    public void SetUp()
    {
        dir = Directory.CreateTempSubdirectory("engine-factory-").FullName;
        fabricName = "factory-" + Path.GetFileName(dir);
    }

    [TearDown]
    public void TearDown()
    {
        Directory.Delete(dir, recursive: true);
        string registry = FabricRegistry.DefaultDirectory(fabricName);
        if (Directory.Exists(registry)) Directory.Delete(registry, recursive: true);
    }

    private static Func<string, string?> Environment(string? fabric) => name => name == FabricEngine.ConfigEnvironmentVariable ? fabric : null;

    /// <summary>A fabric of this test's own (a unique name, so it joins no other test's fabric).</summary>
    private string FabricFile()
    {
        string path = Path.Combine(dir, "fabric.conf");
        File.WriteAllText(path, $$"""
            fabric "{{fabricName}}" { }
            host head { port ib0 guid 0002:c903:0000:0001; }
            host node001 { port ib0 guid 0002:c903:0000:1001; }
            """);
        return path;
    }

    [TestCase("/etc/flag.conf", "/etc/env.conf", "/etc/flag.conf", TestName = "--fabric wins over IPOIBDHCP_FABRIC")]
    [TestCase(null, "/etc/env.conf", "/etc/env.conf", TestName = "IPOIBDHCP_FABRIC without --fabric")]
    [TestCase("", "/etc/env.conf", "/etc/env.conf", TestName = "an empty --fabric counts as not given")]
    [TestCase(null, "", null, TestName = "an empty IPOIBDHCP_FABRIC turns the fabric off")]
    [TestCase(null, null, null, TestName = "neither: real interfaces")]
    public void TheFabricFileIsTheFlagElseTheEnvironment(string? flag, string? environment, string? expected)
    {
        Assert.That(EngineFactory.LocateFabricFile(flag, Environment(environment)), Is.EqualTo(expected));
        Assert.That(new EngineFactory(flag, Environment(environment)).FabricFile, Is.EqualTo(expected));
    }

    [Test]
    public void DhcpdAndDhclientCommandLinesLocateTheFabricFileAlike()
    {
        var environment = Environment("/etc/env.conf");
        string?[] found = new string?[4];
        Assert.That(ServerCommandLine.TryParse(["--fabric", "lab.conf", "ib0"], out var dhcpd, out _), Is.True);
        found[0] = new EngineFactory(dhcpd.FabricFile, environment).FabricFile;
        Assert.That(ServerCommandLine.TryParse(["ib0"], out dhcpd, out _), Is.True);
        found[1] = new EngineFactory(dhcpd.FabricFile, environment).FabricFile;
        Assert.That(CommandLine.TryParse(["--fabric", "lab.conf", "ib0"], environment, out var dhclient, out _), Is.True);
        found[2] = new EngineFactory(dhclient.FabricFile, environment).FabricFile;
        Assert.That(CommandLine.TryParse(["ib0"], environment, out dhclient, out _), Is.True);
        found[3] = new EngineFactory(dhclient.FabricFile, environment).FabricFile;
        Assert.That(found, Is.EqualTo(new[] { "lab.conf", "/etc/env.conf", "lab.conf", "/etc/env.conf" }));
    }

    [Test]
    public async Task WithoutAFabricInterfacesArePacketSocketsAndListenNamesUdp()
    {
        await using var factory = new EngineFactory(null, Environment(null));
        IDatagramEngine interfaces = factory.InterfaceEngine();
        Assert.That(interfaces, Is.InstanceOf<PacketSocketEngine>());
        Assert.That(factory.InterfaceEngine(), Is.SameAs(interfaces));
        Assert.That(factory.Udp, Is.InstanceOf<UdpEngine>());
        await using IDatagramPort listen = await factory.Udp.OpenAsync(UdpInterfaceName.Format(IPv4Address.Parse("127.0.0.1"), 0), 0, CancellationToken.None);
        Assert.That(listen.Name, Does.StartWith("udp:127.0.0.1:"));
    }

    [Test]
    public async Task WithAFabricInterfacesAreItsPortsUntilTheFactoryIsDisposed()
    {
        var factory = new EngineFactory(null, Environment(FabricFile()));
        IDatagramEngine interfaces = factory.InterfaceEngine();
        Assert.That(interfaces, Is.InstanceOf<FabricEngine>());
        Assert.That(factory.InterfaceEngine(), Is.SameAs(interfaces), "every interface is a port of the one fabric engine");
        IDatagramPort port = await interfaces.OpenAsync("ib0", 67, CancellationToken.None);
        Assert.That(port.HasCarrier, Is.True);
        await factory.DisposeAsync();
        Assert.That(port.HasCarrier, Is.False, "disposing the factory leaves the fabric and closes its ports");
        Assert.That(() => factory.InterfaceEngine(), Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public async Task AFabricFileThatCannotBeLoadedFailsEachTimeItIsAsked()
    {
        await using var factory = new EngineFactory(Path.Combine(dir, "missing.conf"), Environment(null));
        // dhcpd asks once per interface and reports each ("Can't open interface ib0: …"); nothing is cached from a failure.
        Assert.That(() => factory.InterfaceEngine(), Throws.InstanceOf<FileNotFoundException>());
        Assert.That(() => factory.InterfaceEngine(), Throws.InstanceOf<FileNotFoundException>());
    }

    [Test]
    public async Task DhclientsFactoryLoadsTheFabricItsEnvironmentNames()
    {
        IDatagramEngine engine = new DefaultEngineFactory(Environment(FabricFile())).Create(new EngineSelection(null, null));
        try
        {
            Assert.That(engine, Is.InstanceOf<FabricEngine>());
        }
        finally
        {
            if (engine is IAsyncDisposable disposable) await disposable.DisposeAsync();
        }
        Assert.That(new DefaultEngineFactory(Environment(null)).Create(new EngineSelection(null, null)), Is.InstanceOf<PacketSocketEngine>());
        // A bad fabric file is reported when the engine is created, before any interface is opened.
        Assert.That(() => new DefaultEngineFactory(Environment(null)).Create(new EngineSelection(Path.Combine(dir, "missing.conf"), null)),
            Throws.InstanceOf<FileNotFoundException>());
    }
}
