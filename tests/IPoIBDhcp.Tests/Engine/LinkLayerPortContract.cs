using IPoIBDhcp.Engine;

namespace IPoIBDhcp.Tests.Engine;

/// <summary>
/// The contract of backends with a link layer (the emulated fabric, packet sockets): broadcast to every
/// peer of the broadcast domain and unicast to a link address, on top of <see cref="DatagramPortContract"/>.
/// </summary>
public abstract class LinkLayerPortContract : DatagramPortContract
{
    [Test]
    public async Task BroadcastReachesEveryPeerButNotTheSender()
    {
        using CancellationTokenSource cts = Deadline();
        PortCapabilities capabilities = await CapabilitiesAsync(cts.Token);
        Assert.That(capabilities.HasFlag(PortCapabilities.LinkBroadcast), Is.True, "a link-layer backend must broadcast");
        IReadOnlyList<IDatagramPort> group = await GroupAsync(3, cts.Token);
        IDatagramPort sender = group[0];
        byte[] offer = Payload(400, 4);
        await sender.SendAsync(offer, BroadcastEndpoints(sender, group[1]), LinkTarget.Broadcast, cts.Token);
        foreach (IDatagramPort receiver in group.Skip(1))
        {
            (ReceivedDatagram got, byte[] payload) = await ReceiveOneAsync(receiver, cts.Token);
            Assert.That(payload, Is.EqualTo(offer));
            Assert.That(got.WasLinkBroadcast, Is.True);
            Assert.That(got.Endpoints, Is.EqualTo(BroadcastEndpoints(sender, group[1])));
        }
        Assert.That(sender.Counters.RxPackets, Is.Zero);
    }

    [Test]
    public async Task LinkUnicastReachesOnlyTheAddressedPeer()
    {
        using CancellationTokenSource cts = Deadline();
        PortCapabilities capabilities = await CapabilitiesAsync(cts.Token);
        Assert.That(capabilities.HasFlag(PortCapabilities.LinkUnicast | PortCapabilities.LinkBroadcast), Is.True, "a link-layer backend must address the link");
        IReadOnlyList<IDatagramPort> group = await GroupAsync(3, cts.Token);
        IDatagramPort sender = group[0];
        byte[] unicast = Payload(50, 5);
        await sender.SendAsync(unicast, EndpointsBetween(sender, group[2]), LinkTarget.To(group[2].LinkAddress), cts.Token);
        byte[] marker = Payload(60, 6);
        await sender.SendAsync(marker, BroadcastEndpoints(sender, group[1]), LinkTarget.Broadcast, cts.Token);

        (_, byte[] first) = await ReceiveOneAsync(group[2], cts.Token);
        Assert.That(first, Is.EqualTo(unicast));
        foreach (IDatagramPort other in new[] { group[1], group[3] })
        {
            (ReceivedDatagram got, byte[] payload) = await ReceiveOneAsync(other, cts.Token);
            Assert.That(payload, Is.EqualTo(marker), "the unicast must not reach other peers");
            Assert.That(got.WasLinkBroadcast, Is.True);
        }
    }
}
