using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Server.Allocation;
using IPoIBDhcp.Logging;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Server.Protocol;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;
using static IPoIBDhcp.Tests.Dhcpd.ServerHarness;

namespace IPoIBDhcp.Tests.Dhcpd;

/// <summary>
/// Requests from clients the server has nothing for must not grow its memory without bound: a full pool met by
/// DISCOVERs from ever new client-ids leaves the client-key resolver at its bound, and the nodes that hold leases
/// keep the FlexBoot/iPXE/OS normalisation.
/// </summary>
public class UnknownClientMemoryTests
{
    private const string Config = """
        authoritative;
        default-lease-time 3600;
        subnet 198.18.0.0 netmask 255.255.240.0 {
          range 198.18.1.0 198.18.1.1;
        }
        host login { hardware infiniband 0002:c903:0000:0f00; fixed-address 198.18.2.1; }
        """;

    private static readonly PortContext Port = new("ib0", A("198.18.0.1"), 2044, PortCapabilities.LinkBroadcast | PortCapabilities.LinkUnicast);

    [Test]
    public void TwoHundredThousandUnknownClientsIntoAFullPoolLeaveTheResolverAtItsBound()
    {
        var (core, keys) = Start();
        var nodes = new[] { new PortGuid(0x0002_c903_0000_0001), new PortGuid(0x0002_c903_0000_0002) };
        var host = new PortGuid(0x0002_c903_0000_0f00);
        var message = new DhcpMessage();
        ServerDecision Send(byte[] request) => Handle(core, message, request);

        // Two nodes take the whole pool: FlexBoot DISCOVER, REQUEST.
        var leased = new List<IPv4Address>();
        foreach (var node in nodes)
        {
            Send(Build(DhcpMessageType.Discover, ClientIdentifier.FlexBoot(node)));
            var offered = message.YourAddress;
            Send(Build(DhcpMessageType.Request, ClientIdentifier.FlexBoot(node), requested: offered.ToString(), serverId: "198.18.0.1"));
            Assert.That(message.MessageType, Is.EqualTo(DhcpMessageType.Ack));
            leased.Add(offered);
        }

        // 200,000 DISCOVERs, each from a node never seen before (RFC 4390 client-ids that carry a GUID): no free leases.
        const int unknown = 200_000;
        for (int i = 0; i < unknown; i++)
        {
            var decision = Send(Build(DhcpMessageType.Discover, ClientIdentifier.Rfc4390(new PortGuid(0x0002_c904_0080_0000UL + (ulong)i), 1), xid: (uint)i));
            Assert.That(decision.Kind, Is.EqualTo(DecisionKind.Silent));
            Assert.That(keys.Count, Is.LessThanOrEqualTo(nodes.Length + 1 + ClientKeyResolver.UnboundAllowance + 1), $"after request {i}");
        }
        Assert.That(core.Counters.ExhaustedCount, Is.EqualTo(unknown));
        Assert.That(keys.Count, Is.LessThanOrEqualTo(nodes.Length + 1 + ClientKeyResolver.UnboundAllowance + 1));

        // The nodes with leases, and the host, are still one node in every boot stage.
        for (int n = 0; n < nodes.Length; n++)
        {
            Assert.That(keys.TryResolve(ClientIdentifier.IpxeMac(nodes[n]).Span, HardwareType.Ethernet, [], out var key) ? key : default,
                Is.EqualTo(ClientKey.ForGuid(nodes[n])));
            Send(Build(DhcpMessageType.Discover, ClientIdentifier.IpxeMac(nodes[n]), htype: HardwareType.Ethernet, chaddr: [.. ClientIdentifier.IpxeMac(nodes[n]).Span[1..]]));
            Assert.That((message.MessageType, message.YourAddress), Is.EqualTo((DhcpMessageType.Offer, leased[n])), "iPXE gets the node's address");
        }
        Assert.That(keys.TryResolve(ClientIdentifier.IpxeMac(host).Span, HardwareType.Ethernet, [], out var hostKey) ? hostKey : default,
            Is.EqualTo(ClientKey.ForGuid(host)));
    }

    [Test]
    public void ANodeOfferedAnAddressWhileItsGuidIsPrunedKeepsIt()
    {
        // The resolver is at its bound: the next new GUID triggers a prune before that node is offered an address,
        // which takes its GUID out; the offer puts it back, so the node's iPXE stage is still recognised.
        var (core, keys) = Start();
        for (ulong i = 0; i < ClientKeyResolver.UnboundAllowance; i++) keys.LearnGuid(new PortGuid(0x0002_c904_0080_0000 + i));
        var node = new PortGuid(0x0002_c903_0000_0001);
        var message = new DhcpMessage();

        Handle(core, message, Build(DhcpMessageType.Discover, ClientIdentifier.FlexBoot(node)));

        Assert.That(message.MessageType, Is.EqualTo(DhcpMessageType.Offer));
        Assert.That(keys.Count, Is.EqualTo(2), "the node and the host");
        Assert.That(keys.TryResolve(ClientIdentifier.IpxeMac(node).Span, HardwareType.Ethernet, [], out var key) ? key : default, Is.EqualTo(ClientKey.ForGuid(node)));
    }

    private static (DhcpServerCore Core, ClientKeyResolver Keys) Start()
    {
        var parsed = DhcpdConfigParser.ParseText(Config, "full.conf");
        Assert.That(parsed.Diagnostics, Is.Empty);
        var keys = new ClientKeyResolver();
        return (new DhcpServerCore(ConfigPlanBuilder.Build(parsed.Config!), new AddressAllocator(), keys, new QuietLog()), keys);
    }

    /// <summary>Hands <paramref name="request"/> to the core; <paramref name="message"/> then holds the reply, if any.</summary>
    private static ServerDecision Handle(DhcpServerCore core, DhcpMessage message, byte[] request)
    {
        message.Read(request);
        var received = new ReceivedDatagram(request.Length, new DatagramEndpoints(IPv4Address.Any, 68, IPv4Address.Broadcast, 67), default, null,
            ChecksumStatus.VerifiedByHardware, true);
        var reply = new byte[4096];
        var decision = core.Handle(message, received, Port, reply, T0);
        if (decision.ReplyLength > 0) message.Read(reply.AsSpan(0, decision.ReplyLength));
        return decision;
    }

    private sealed class QuietLog : ILogSink
    {
        public LogSeverity Threshold => LogSeverity.Error;

        public void Write(LogSeverity severity, string line)
        {
        }
    }
}
