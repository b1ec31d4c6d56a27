using System.Net;
using System.Net.Sockets;

namespace IPoIBDhcp.Tests.Support;

/// <summary>The namespace helper cleans up after itself: later integration tests rely on it.</summary>
[TestFixture]
[NonParallelizable]
public class NetworkNamespaceTests
{
    [SetUp]
    public void SetUp() => Prerequisites.RequireNetworkNamespaces();

    [Test]
    public async Task Code_runs_inside_and_sees_only_the_namespaces_links()
    {
        await using NetworkNamespace ns = await NetworkNamespace.CreateAsync();
        string[] links = await ns.RunAsync(() => Directory.GetDirectories("/sys/class/net").Select(d => Path.GetFileName(d)).ToArray());
        string[] interfaces = await ns.RunAsync(() =>
            System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces().Select(n => n.Name).ToArray());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ns.Name, Does.Match("^ipoibt-[0-9a-f]{8}$"));
            Assert.That(links, Is.EquivalentTo(new[] { "lo" }), "its own sysfs");
            Assert.That(interfaces, Is.EquivalentTo(new[] { "lo" }), "its own netlink view");
        }
    }

    [Test]
    public async Task Disposal_kills_started_processes_and_deletes_the_namespace()
    {
        NetworkNamespace ns = await NetworkNamespace.CreateAsync();
        BackgroundProcess sleeper = ns.StartProcess("sleep", "60");
        await ns.DisposeAsync();
        string list = await CommandRunner.IpAsync("netns", "list");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sleeper.HasExited, Is.True);
            Assert.That(list, Does.Not.Contain(ns.Name));
        }
    }

    [Test]
    public async Task A_veth_pair_connects_two_namespaces_with_addresses_and_no_route_out()
    {
        await using VethPair pair = await VethPair.CreateAsync("198.18.0.1/24", "198.18.0.2/24");
        string routes = await pair.Right.IpAsync("-4", "route", "show");
        string address = await pair.Left.IpAsync("-4", "-o", "addr", "show", "dev", pair.LeftInterface);
        using Socket listener = await pair.Left.RunAsync(() => Udp("198.18.0.1"));
        using Socket sender = await pair.Right.RunAsync(() => Udp("198.18.0.2"));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await sender.SendToAsync(new byte[] { 1, 2, 3 }, new IPEndPoint(IPAddress.Parse("198.18.0.1"), 9), deadline.Token);
        byte[] buffer = new byte[16];
        SocketReceiveFromResult received = await listener.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), deadline.Token);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(routes.Trim(), Does.StartWith("198.18.0.0/24 dev veth1").And.Not.Contain("default"));
            Assert.That(address, Does.Contain("inet 198.18.0.1/24"));
            Assert.That(received.ReceivedBytes, Is.EqualTo(3));
            Assert.That(received.RemoteEndPoint, Is.EqualTo(new IPEndPoint(IPAddress.Parse("198.18.0.2"), 9)));
        }
    }

    private static Socket Udp(string address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(address), 9));
        return socket;
    }
}
