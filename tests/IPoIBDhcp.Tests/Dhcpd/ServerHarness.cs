using System.Collections.Frozen;
using System.Collections.Immutable;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Identity;
using IPoIBDhcp.Server.Allocation;
using IPoIBDhcp.Logging;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Server.Protocol;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Tests.Dhcpd;

/// <summary>A server core over a hand-built plan, and a way to send it crafted requests.</summary>
internal sealed class ServerHarness
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    public readonly List<string> Log = [];
    public readonly DhcpServerCore Core;
    public readonly DhcpMessage Reply = new();
    public DateTimeOffset Now = T0;
    private readonly byte[] buffer = new byte[4096];

    public ServerHarness(bool authoritative = true, IEnumerable<(ClientKey, HostPlan)>? hosts = null, IReadOnlyList<SubnetPlan>? subnets = null)
    {
        Subnets = subnets ?? [
            Subnet("198.18.0.0", "255.255.240.0", "198.18.1.0", "198.18.1.99"),
            Subnet("198.18.16.0", "255.255.240.0", "198.18.17.0", "198.18.17.99")];
        var resolver = new FixedResolver(new ReplyParameters(ScopeParameters.Empty
            .With(ServerParameters.Authoritative, authoritative)
            .With(ServerParameters.DefaultLeaseTime, 600u)
            .With(ServerParameters.MaxLeaseTime, 3600u)
            .With(ServerParameters.NextServer, A("198.18.0.1"))
            .With(ServerParameters.Filename, "pxelinux.0") with
        {
            Options = new Dictionary<byte, ImmutableArray<byte>>
            {
                [DhcpOptionCode.Routers] = [198, 18, 0, 1],
                [DhcpOptionCode.InterfaceMtu] = [0x07, 0xfc],
                [DhcpOptionCode.RootPath] = [.. "198.18.0.1:/srv/nfsroot"u8],
            }.ToFrozenDictionary(),
        }));
        Core = new DhcpServerCore(new ServerPlan(Subnets, hosts ?? [], resolver), new AddressAllocator(), new ClientKeyResolver(), new ListSink(Log));
    }

    public ServerHarness(ServerPlan plan)
    {
        Subnets = plan.Subnets;
        Core = new DhcpServerCore(plan, new AddressAllocator(), new ClientKeyResolver(), new ListSink(Log));
    }

    public IReadOnlyList<SubnetPlan> Subnets { get; }

    public static IPv4Address A(string s) => IPv4Address.Parse(s);

    public static SubnetPlan Subnet(string net, string mask, string lo, string hi) =>
        new(A(net), A(mask), [new PoolPlan([new PoolRange(A(lo), A(hi))], _ => true)]);

    public PortContext Port(string name = "ib0", string address = "198.18.0.1") =>
        new(name, A(address), 2044, PortCapabilities.LinkBroadcast | PortCapabilities.LinkUnicast | PortCapabilities.ReportsLinkSource);

    public ServerDecision Send(byte[] request, PortContext? port = null, string source = "0.0.0.0")
    {
        var m = new DhcpMessage();
        m.Read(request);
        var received = new ReceivedDatagram(request.Length, new DatagramEndpoints(A(source), 68, IPv4Address.Broadcast, 67),
            new LinkAddress([0x80, 0, 0, 0x48, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 2, 0xc9, 3, 0, 0, 0x10, 0x39]), null, ChecksumStatus.VerifiedByHardware, true);
        var decision = Core.Handle(m, received, port ?? Port(), buffer, Now);
        if (decision.ReplyLength > 0) Reply.Read(buffer.AsSpan(0, decision.ReplyLength));
        return decision;
    }

    public static byte[] Build(DhcpMessageType type, ClientIdentifier? id, byte htype = HardwareType.InfiniBand,
        string? requested = null, string? serverId = null, string ciaddr = "0.0.0.0", string giaddr = "0.0.0.0",
        uint xid = 0x1234, byte[]? relayInfo = null, ushort? maxSize = null, byte[]? chaddr = null, byte[]? prl = null,
        string? vendorClass = null, string? userClass = null, string? hostName = null)
    {
        var buffer = new byte[1024];
        var w = new DhcpMessageWriter(buffer, 1024)
        {
            Op = BootpOpCode.BootRequest, HardwareType = htype, TransactionId = xid,
            Flags = htype == HardwareType.InfiniBand ? BootpFieldLocations.BroadcastFlag : (ushort)0,
            ClientAddress = A(ciaddr), GatewayAddress = A(giaddr), Hops = giaddr == "0.0.0.0" ? (byte)0 : (byte)1,
        };
        w.SetClientHardwareAddress(chaddr ?? []);
        w.WriteMessageType(type);
        if (id is { } cid) w.WriteOption(DhcpOptionCode.ClientIdentifier, cid.Span);
        if (requested is not null) w.WriteOption(DhcpOptionCode.RequestedAddress, A(requested));
        if (serverId is not null) w.WriteOption(DhcpOptionCode.ServerIdentifier, A(serverId));
        w.WriteOption(DhcpOptionCode.ParameterRequestList, prl ?? [1, 3, 6, 17, 26]);
        if (maxSize is { } mms) w.WriteOption(DhcpOptionCode.MaxMessageSize, mms);
        if (relayInfo is not null) w.WriteOption(DhcpOptionCode.RelayAgentInformation, relayInfo);
        if (vendorClass is not null) w.WriteOption(DhcpOptionCode.VendorClassIdentifier, System.Text.Encoding.ASCII.GetBytes(vendorClass));
        if (userClass is not null) w.WriteOption(DhcpOptionCode.UserClass, System.Text.Encoding.ASCII.GetBytes(userClass));
        if (hostName is not null) w.WriteOption(DhcpOptionCode.HostName, System.Text.Encoding.ASCII.GetBytes(hostName));
        return buffer.AsSpan(0, w.Finish()).ToArray();
    }

    private sealed class FixedResolver(ReplyParameters parameters) : IParameterResolver
    {
        public IReadOnlyCollection<string> Classify(DhcpMessage request) => [];
        public ReplyParameters Resolve(DhcpMessage request, SubnetPlan subnet, PoolPlan? pool, HostPlan? host, IReadOnlyCollection<string> classes) => parameters;
    }

    private sealed class ListSink(List<string> lines) : ILogSink
    {
        public LogSeverity Threshold => LogSeverity.Debug;
        public void Write(LogSeverity severity, string line) => lines.Add(line);
    }
}
