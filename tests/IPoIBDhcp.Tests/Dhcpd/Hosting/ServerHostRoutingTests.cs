using System.Diagnostics.CodeAnalysis;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Server.Hosting;
using IPoIBDhcp.Logging;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;
using static IPoIBDhcp.Tests.Dhcpd.ServerHarness;

namespace IPoIBDhcp.Tests.Dhcpd.Hosting;

/// <summary>
/// How the host sends a decided reply: on the port the request came in on, through the fallback socket when that port
/// cannot route (a relay behind a packet socket), and never by an exception that ends a receive loop.
/// </summary>
public class ServerHostRoutingTests
{
    private const PortCapabilities PacketSocket =
        PortCapabilities.LinkBroadcast | PortCapabilities.LinkUnicast | PortCapabilities.ReportsLinkSource | PortCapabilities.ReceivesUnconfigured;

    private static readonly ClientIdentifier Client = ClientIdentifier.FlexBoot(PortGuid.Parse("0002:c903:0000:4001"));
    private static readonly IPv4Address Server = A("198.18.0.1");
    private static readonly IPv4Address Giaddr = A("198.18.16.1");
    private static readonly LinkAddress Mac = new([0x02, 0, 0, 0, 0, 0x01]);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static readonly DatagramEndpoints Relayed = new(Giaddr, 67, Server, 67);
    private static readonly DatagramEndpoints Broadcast = new(IPv4Address.Any, 68, IPv4Address.Broadcast, 67);

    [Test]
    public async Task ARelayedRequestOnAPortThatCannotRoute_IsAnsweredThroughTheFallback()
    {
        var port = new ScriptedServerPort("eth0", PacketSocket, Server, Mac);
        var fallback = new ScriptedServerPort("udp:0.0.0.0:67", PortCapabilities.Routed, IPv4Address.Any, default);
        await using var rig = ServerHostRig.Start(port, fallback);

        port.Deliver(Discover(giaddr: Giaddr), Relayed);

        var (payload, endpoints, target) = await fallback.Sent.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        var offer = new DhcpMessage();
        offer.Read(payload);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(offer.MessageType, Is.EqualTo(DhcpMessageType.Offer));
            Assert.That((endpoints.Destination, endpoints.DestinationPort, endpoints.SourcePort), Is.EqualTo((Giaddr, (ushort)67, (ushort)67)), "to the relay's server port");
            Assert.That(target, Is.EqualTo(LinkTarget.Routed));
            Assert.That(port.Sent.Reader.Count, Is.Zero, "nothing on the packet port");
            Assert.That(rig.Host.UnsendableCount, Is.Zero);
        }
    }

    [Test]
    public async Task WithoutAFallback_ARelayedReplyIsCountedAndLogged_AndTheLoopKeepsServing()
    {
        var port = new ScriptedServerPort("ib0", PacketSocket, Server, Mac);
        await using var rig = ServerHostRig.Start(port, fallback: null);

        port.Deliver(Discover(giaddr: Giaddr), Relayed);
        port.Deliver(Discover(xid: 2), Broadcast, Mac);

        var (payload, _, target) = await port.Sent.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        var offer = new DhcpMessage();
        offer.Read(payload);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(offer.TransactionId, Is.EqualTo(2u), "the next request is answered: the loop survived");
            Assert.That(target, Is.EqualTo(LinkTarget.Broadcast));
            Assert.That(rig.Host.UnsendableCount, Is.EqualTo(1));
            Assert.That(rig.Errors, Has.One.Contains($"reply to {Giaddr}:67 (relay) via ib0 not sent").And.Contains("no fallback socket"));
        }
    }

    [Test]
    public async Task AUnicastToALinkAddressOfTheWrongLength_IsCountedAndLogged()
    {
        var port = new ScriptedServerPort("eth0", PacketSocket, Server, Mac);
        await using var rig = ServerHostRig.Start(port, fallback: null);
        byte[] chaddr = [.. Enumerable.Range(1, 16).Select(i => (byte)i)];

        port.Deliver(Build(DhcpMessageType.Discover, Client, htype: HardwareType.Ethernet, chaddr: chaddr), Broadcast, Mac);
        port.Deliver(Discover(xid: 2), Broadcast, Mac);

        var (payload, _, _) = await port.Sent.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        var offer = new DhcpMessage();
        offer.Read(payload);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(offer.TransactionId, Is.EqualTo(2u));
            Assert.That(rig.Host.UnsendableCount, Is.EqualTo(1));
            Assert.That(rig.Errors, Has.One.Contains("(unicast to chaddr) via eth0 not sent: a 16-byte link address"));
        }
    }

    [Test]
    public async Task ABackendThatRefusesATargetAnyway_CostsOneReply_NotTheLoop()
    {
        var refusing = new ScriptedServerPort("eth0", PacketSocket, Server, Mac) { SendFailure = new NotSupportedException("refused") };
        var port = new ScriptedServerPort("eth1", PacketSocket, A("198.18.16.1"), Mac);
        await using var rig = ServerHostRig.Start([refusing, port], fallback: null);

        refusing.Deliver(Discover(), Broadcast, Mac);
        await WaitUntil(() => rig.Host.UnsendableCount == 1);
        port.Deliver(Discover(xid: 2), Broadcast, Mac);

        var (payload, _, _) = await port.Sent.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        Assert.That(payload, Is.Not.Empty);
        Assert.That(rig.Errors, Has.One.Contains("via eth0 not sent: refused"));
        Assert.That(rig.Run.IsCompleted, Is.False, "still serving");
    }

    [Test]
    public async Task WhatTheFallbackReceives_IsReadAndDiscarded()
    {
        var port = new ScriptedServerPort("eth0", PacketSocket, Server, Mac);
        var fallback = new ScriptedServerPort("udp:0.0.0.0:67", PortCapabilities.Routed, IPv4Address.Any, default);
        await using var rig = ServerHostRig.Start(port, fallback);

        // The kernel hands the fallback a copy of the relayed request the packet socket also gets.
        fallback.Deliver(Discover(giaddr: Giaddr), Relayed);
        port.Deliver(Discover(giaddr: Giaddr), Relayed);

        await fallback.Sent.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        await WaitUntil(() => fallback.Counters.RxPackets == 1);
        await Task.Delay(100);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rig.Host.HandledCount, Is.EqualTo(1), "answered once, from the packet port");
            Assert.That(fallback.Sent.Reader.Count, Is.Zero, "no second OFFER");
        }
    }

    private static byte[] Discover(uint xid = 1, IPv4Address giaddr = default) =>
        Build(DhcpMessageType.Discover, Client, xid: xid, giaddr: giaddr.ToString());

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while (!condition()) await Task.Delay(10, deadline.Token);
    }
}
