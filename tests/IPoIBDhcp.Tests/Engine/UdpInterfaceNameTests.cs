using IPoIBDhcp.Engine;
using IPoIBDhcp.Engine.Udp;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Tests.Engine;

public class UdpInterfaceNameTests
{
    [TestCase("udp:127.0.0.1:6767", "127.0.0.1", 6767)]
    [TestCase("udp:0.0.0.0:67", "0.0.0.0", 67)]
    [TestCase("udp:10.1.2.3", "10.1.2.3", null)]
    public void ParsesAddressAndOptionalPort(string name, string address, int? port)
    {
        Assert.That(UdpInterfaceName.TryParse(name, out IPv4Address a, out ushort? p), Is.True);
        Assert.That(a, Is.EqualTo(IPv4Address.Parse(address)));
        Assert.That(p, Is.EqualTo(port is null ? null : (ushort?)port));
    }

    [TestCase("ib0")]
    [TestCase("udp:")]
    [TestCase("udp:localhost:67")]
    [TestCase("udp:127.0.0.1:70000")]
    [TestCase("udp:127.0.0.1:")]
    [TestCase("UDP:127.0.0.1:67")]
    [TestCase(null)]
    public void RejectsOtherNames(string? name) => Assert.That(UdpInterfaceName.TryParse(name, out _, out _), Is.False);

    [Test]
    public async Task OpenedPortsAreNamedByTheirBoundEndpointAndUseTheLoopbackMtu()
    {
        var engine = new UdpEngine();
        await using IDatagramPort port = await engine.OpenAsync("udp:127.0.0.1", 0, CancellationToken.None);
        var udp = (UdpPort)port;
        Assert.That(port.Name, Is.EqualTo($"udp:127.0.0.1:{udp.LocalPort}"));
        Assert.That(udp.LocalPort, Is.Not.Zero);
        Assert.That(port.Mtu, Is.EqualTo(65535));
        Assert.That(port.Capabilities, Is.EqualTo(PortCapabilities.Routed));
        Assert.That(port.PKey, Is.Null);
        await using IDatagramPort small = await new UdpEngine(new UdpEngineOptions { Mtu = 576 }).OpenAsync("udp:127.0.0.1:0", 67, CancellationToken.None);
        Assert.That(small.Mtu, Is.EqualTo(576));
        Assert.That(() => engine.OpenAsync("ib0", 67, CancellationToken.None), Throws.ArgumentException);
    }
}
