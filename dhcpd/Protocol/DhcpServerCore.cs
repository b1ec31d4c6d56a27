using IPoIBDhcp.Server.Allocation;
using IPoIBDhcp.Logging;
using IPoIBDhcp.Server.Logging;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Server.Selection;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Server.Protocol;

/// <summary>
/// RFC 2131 server behaviour for one request at a time: choose the subnet and the client's key, decide,
/// write the reply. It does no I/O: the host commits leases durably and sends replies, so that the
/// decision runs under one lock while fsyncs and sends of many clients overlap (group commit).
/// </summary>
public sealed partial class DhcpServerCore
{
    private AddressAllocator allocator;
    private readonly ClientKeyResolver keys;
    private readonly ILogSink log;
    private readonly Lock gate = new();
    private readonly Func<InfiniBand.PortGuid, bool> isKnownGuid;
    // Replaced whole under the gate by a reload (ReplacePlan): a request is decided under one plan, never half of two.
    private ServerPlan plan;

    /// <summary>Creates the core over a plan and the allocator that holds the bindings and the pools' bitmaps.</summary>
    public DhcpServerCore(ServerPlan plan, AddressAllocator allocator, ClientKeyResolver keys, ILogSink log)
    {
        this.plan = plan;
        this.allocator = allocator;
        this.keys = keys;
        this.log = log;
        // What the resolver may keep of the GUIDs it learnt: a host's, or a client's with a binding (read under the gate).
        isKnownGuid = guid => this.allocator.FindByKey(ClientKey.ForGuid(guid)) is not null || this.plan.FindHost(ClientKey.ForGuid(guid)) is not null;
        LearnHosts(plan);
    }

    /// <summary>The plan in force (replaced whole by <see cref="ReplacePlan"/>).</summary>
    public ServerPlan Plan => Volatile.Read(ref plan);

    /// <summary>The allocator (bindings and the bitmaps of the plan's ranges), for restoring leases and for tests.</summary>
    public AddressAllocator Allocator => allocator;

    /// <summary>Counters of what was refused, for the metrics endpoint.</summary>
    public ServerCounters Counters { get; } = new();

    /// <summary>
    /// Swaps in bindings rebuilt over the same plan (a cluster member that starts leading restores them from the
    /// committed leases). The plan holds no allocation state, so it stays: the allocator owns the pools' bitmaps.
    /// </summary>
    public void ReplaceBindings(AddressAllocator bindings)
    {
        lock (gate)
        {
            // The bindings were restored over the plan in force when the rebuild began; a reload may have replaced it since.
            bindings.Rebase(RangesOf(plan));
            allocator = bindings;
        }
    }

    /// <summary>
    /// Serves <paramref name="next"/> from the next request on, keeping every binding (offers, leases, abandoned addresses):
    /// the swap happens under the lock every decision is made under, so each request is decided wholly under the old plan
    /// or wholly under the new one, and none is lost or decided twice. The allocator's bitmaps follow the new ranges
    /// (<see cref="AddressAllocator.Rebase"/>), and the new hosts' GUIDs are learnt so their iPXE MACs resolve at once.
    /// What the swap means for a client whose host or range went away is decided by the rules of each request: the
    /// next renewal of an address that is no longer its host's fixed address, or no longer in a range that admits it,
    /// is refused (NAK when authoritative), as ISC refuses it after a restart; the binding is kept until it ends.
    /// Returns how long the lock was held.
    /// </summary>
    public TimeSpan ReplacePlan(ServerPlan next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var ranges = RangesOf(next);
        lock (gate)
        {
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            allocator.Rebase(ranges);
            plan = next;
            LearnHosts(next);
            return System.Diagnostics.Stopwatch.GetElapsedTime(started);
        }
    }

    /// <summary>Every dynamic range of <paramref name="plan"/>.</summary>
    private static List<PoolRange> RangesOf(ServerPlan plan)
    {
        var ranges = new List<PoolRange>();
        foreach (var s in plan.Subnets)
            foreach (var p in s.Pools)
                ranges.AddRange(p.Ranges);
        return ranges;
    }

    private void LearnHosts(ServerPlan hosts)
    {
        foreach (var k in hosts.HostKeys) keys.Remember(k);
    }

    /// <summary>Handles one decoded request, writing any reply into <paramref name="reply"/>.</summary>
    public ServerDecision Handle(DhcpMessage request, in ReceivedDatagram received, in PortContext port, Span<byte> reply, DateTimeOffset now)
    {
        if (request.Op != BootpOpCode.BootRequest || !request.HasMagicCookie)
        {
            Counters.Ignored();
            return ServerDecision.Silent;
        }
        string via = IscLogLines.Via(request, port.Name);
        var type = request.MessageType;
        if (!keys.TryResolve(request.ClientIdentifier, request.HardwareType, request.ClientHardwareAddress, out var key))
        {
            Counters.Refused();
            if (log.IsEnabled(LogSeverity.Warning)) log.Write(LogSeverity.Warning, $"{Name(type)} from {IscLogLines.Who(request)} via {via}: " +
                (request.HardwareType == HardwareType.InfiniBand
                    ? "IPoIB request without a client identifier ignored (RFC 4390 makes it mandatory)"
                    : "no client identifier and no hardware address: ignored"));
            return ServerDecision.Silent;
        }
        lock (gate)
        {
            // Bounded memory: GUIDs of clients the server has nothing for are forgotten once they pass the resolver's bound.
            if (keys.NeedsPrune) keys.Prune(isKnownGuid);
            return type switch
            {
                DhcpMessageType.Discover => Discover(request, received, port, key, via, reply, now),
                DhcpMessageType.Request => Request(request, received, port, key, via, reply, now),
                DhcpMessageType.Release => Release(request, key, via, now),
                DhcpMessageType.Decline => Decline(request, key, via, now),
                DhcpMessageType.Inform => Inform(request, received, port, key, via, reply),
                _ => Ignore(request, type, via),
            };
        }
    }

    private ServerDecision Ignore(DhcpMessage request, DhcpMessageType type, string via)
    {
        Counters.Ignored();
        if (log.IsEnabled(LogSeverity.Debug)) log.Write(LogSeverity.Debug, $"{Name(type)} from {IscLogLines.Who(request)} via {via}: not a request a server answers");
        return ServerDecision.Silent;
    }

    private static string Name(DhcpMessageType type) => type == DhcpMessageType.None ? "BOOTREQUEST" : "DHCP" + type.ToString().ToUpperInvariant();

    private SubnetPlan? SelectSubnet(DhcpMessage request, in ReceivedDatagram received, in PortContext port)
    {
        var rai = request.RelayAgentInformation;
        rai.TryGetLinkSelection(out var linkSelection);
        request.TryGetSubnetSelection(out var subnetSelection);
        var selector = new SubnetSelector(request.GatewayAddress, request.ClientAddress, received.Endpoints.Source,
            linkSelection, subnetSelection, port.LocalAddress);
        return SubnetSelection.Select(selector, plan.Subnets);
    }
}
