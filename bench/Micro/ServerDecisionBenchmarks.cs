using BenchmarkDotNet.Attributes;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Engine;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Server.Allocation;
using IPoIBDhcp.Logging;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Server.Protocol;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Bench.Micro;

/// <summary>
/// One decision of the dhcpd core (<see cref="DhcpServerCore.Handle"/>) for a known FlexBoot client: a DISCOVER
/// answered with the address it holds, and a REQUEST that renews its binding — the server's per-request CPU
/// in a boot storm, without I/O (the log sink discards, but the lines are still formatted).
/// </summary>
[MemoryDiagnoser]
public class ServerDecisionBenchmarks
{
    private const string Config = """
        authoritative;
        default-lease-time 3600;
        option domain-name "cluster.example";
        option domain-name-servers 198.18.0.1;
        class "pxe-firmware" { match if substring(option vendor-class-identifier, 0, 9) = "PXEClient"; }
        class "ipxe" { match if option user-class = "iPXE"; }
        if exists user-class and option user-class = "iPXE" { filename "http://198.18.0.1/boot.ipxe"; } else { filename "undionly.kpxe"; }
        subnet 198.18.0.0 netmask 255.255.0.0 {
          option routers 198.18.0.1;
          option interface-mtu 4092;
          range 198.18.0.10 198.18.255.250;
        }
        """;

    private readonly DhcpMessage discover = new();
    private readonly DhcpMessage request = new();
    private readonly DhcpMessage relayed = new();
    private readonly byte[] reply = new byte[4096];
    private DhcpServerCore core = null!;
    private PortContext port;
    private ReceivedDatagram received;
    private DateTimeOffset now;
    private ReceivedDatagram relayedReceived;

    /// <summary>Plans the configuration and binds the client once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var parsed = DhcpdConfigParser.ParseText(Config, "bench.conf");
        var plan = ConfigPlanBuilder.Build(parsed.Config ?? throw new InvalidOperationException(string.Join('\n', parsed.Diagnostics)));
        core = new DhcpServerCore(plan, new AddressAllocator(), new ClientKeyResolver(), new DiscardLog());
        port = new PortContext("ib0", new IPv4Address(0xC612_0001), 4092,
            PortCapabilities.LinkBroadcast | PortCapabilities.LinkUnicast | PortCapabilities.ReportsLinkSource | PortCapabilities.Routed);
        received = new ReceivedDatagram(0, new DatagramEndpoints(IPv4Address.Any, 68, IPv4Address.Broadcast, 67), default, PKey.Default,
            ChecksumStatus.VerifiedByHardware, true);
        now = DateTimeOffset.UtcNow;
        discover.Read(Packets.Bytes(DhcpMessageType.Discover));
        var offer = core.Handle(discover, received, port, reply, now);
        // Ask for what was offered, as the client would.
        var offered = new DhcpMessage();
        offered.Read(reply.AsSpan(0, offer.ReplyLength));
        var r = new byte[2048];
        int length = Packets.WriteRequest(r, DhcpMessageType.Request, offered.YourAddress);
        request.Read(r.AsSpan(0, length));
        core.Handle(request, received, port, reply, now);
        // The same client behind a relay that adds a 255-byte option 82 (circuit-id and remote-id).
        var rai = new byte[255];
        int at = RelayAgentInformation.WriteSubOption(rai, RelayAgentInformation.CircuitId, new byte[120]);
        RelayAgentInformation.WriteSubOption(rai.AsSpan(at), RelayAgentInformation.RemoteId, new byte[255 - at - 2]);
        length = Packets.WriteRequest(r, DhcpMessageType.Discover, relayInfo: rai);
        relayed.Read(r.AsSpan(0, length));
        relayedReceived = received with { Endpoints = new DatagramEndpoints(Packets.Relay, 67, port.LocalAddress!.Value, 67) };
    }

    /// <summary>DISCOVER from a client that holds a lease: OFFER of the same address.</summary>
    [Benchmark]
    public int Discover() => core.Handle(discover, received, port, reply, now).ReplyLength;

    /// <summary>DISCOVER through a relay with a 255-byte option 82: OFFER to the relay that echoes it.</summary>
    [Benchmark]
    public int RelayedDiscover() => core.Handle(relayed, relayedReceived, port, reply, now).ReplyLength;

    /// <summary>REQUEST of the held address: ACK with a commit decision.</summary>
    [Benchmark]
    public int Request() => core.Handle(request, received, port, reply, now).ReplyLength;

    private sealed class DiscardLog : ILogSink
    {
        public LogSeverity Threshold => LogSeverity.Info;

        public void Write(LogSeverity severity, string line)
        {
        }
    }
}
