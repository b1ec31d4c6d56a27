using IPoIBDhcp.Engine;
using IPoIBDhcp.Server.Allocation;
using IPoIBDhcp.Logging;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Logging;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Server.Protocol;

public sealed partial class DhcpServerCore
{
    private ServerDecision Discover(DhcpMessage request, in ReceivedDatagram received, in PortContext port, ClientKey key, string via, Span<byte> reply, DateTimeOffset now)
    {
        var subnet = SelectSubnet(request, received, port);
        if (subnet is null)
        {
            Counters.NoSubnet();
            if (log.IsEnabled(LogSeverity.Warning)) log.Write(LogSeverity.Warning, $"{IscLogLines.Discover(request, via)}: unknown network segment");
            return ServerDecision.Silent;
        }
        if (log.IsEnabled(LogSeverity.Info)) log.Write(LogSeverity.Info, IscLogLines.Discover(request, via));
        var link = subnet.Link;
        var host = plan.FindHost(key, request);
        var classes = plan.Resolver.Classify(request);
        IPv4Address address;
        PoolPlan? pool = null;
        bool fresh = false; // an address that had no lease for this client: the one ping-check pings
        if (host?.FixedAddressOn(link) is { } fixedAddress)
        {
            address = fixedAddress;
        }
        else
        {
            var admission = new PoolAdmission(host is not null, classes, request.MessageType == DhcpMessageType.None);
            var ranges = AdmittedRanges(link, admission);
            request.TryGetRequestedAddress(out var requested);
            var held = allocator.FindByKey(key) is { } h && h.IsHeld(now) ? h.Address : (IPv4Address?)null;
            if (!allocator.TryOffer(key, ranges, requested, now, out var binding))
            {
                Counters.Exhausted();
                if (log.IsEnabled(LogSeverity.Warning)) log.Write(LogSeverity.Warning, $"{IscLogLines.Discover(request, via)}: network {link.Name}: no free leases");
                return ServerDecision.Silent;
            }
            keys.Remember(key);
            address = binding.Address;
            pool = link.PoolOf(address).Pool;
            fresh = held != address;
        }
        var leaseSubnet = link.SubnetOf(address) ?? subnet;
        var parameters = plan.Resolver.Resolve(request, leaseSubnet, pool, host, classes, address);
        if (Dropped(request, parameters, host, IscLogLines.Discover(request, via), offering: true))
        {
            // Nothing is offered, so nothing stays held for the client.
            if (pool is not null) allocator.TryRelease(key, address);
            return ServerDecision.Silent;
        }
        if (ServerIdentifierFor(parameters, port) is not { } serverId)
        {
            if (log.IsEnabled(LogSeverity.Error)) log.Write(LogSeverity.Error, $"{IscLogLines.Discover(request, via)}: no server identifier: configure server-identifier or an address on {port.Name}");
            return ServerDecision.Silent;
        }
        request.TryGetLeaseTime(out uint asked);
        int length = WriteReply(request, DhcpMessageType.Offer, address, leaseSubnet, parameters, serverId, WireLeaseTime(parameters.LeaseTimeFor(asked), now), port, reply);
        var route = ReplyRouter.Route(request, received, port.Capabilities, isNak: false, address, port.ServerPort, parameters.Get(ServerParameters.AlwaysBroadcast));
        Counters.Offer();
        if (fresh && parameters.Get(ServerParameters.PingCheck) && CanPing(request, port, link))
            return new ServerDecision(DecisionKind.PingThenReply, length, route, Ping: new PingCheck(address, PingTimeoutOf(parameters), IscLogLines.Offer(request, address, via)));
        if (log.IsEnabled(LogSeverity.Info)) log.Write(LogSeverity.Info, IscLogLines.Offer(request, address, via));
        return new ServerDecision(DecisionKind.Reply, length, route);
    }

    /// <summary>The allocator's bitmaps of the ranges on <paramref name="link"/> whose pools admit the client.</summary>
    private List<AddressPool> AdmittedRanges(NetworkLink link, in PoolAdmission admission)
    {
        var admitted = new List<AddressPool>();
        for (int i = 0; i < link.Subnets.Count; i++)
        {
            var pools = link.Subnets[i].Pools;
            for (int j = 0; j < pools.Count; j++)
            {
                if (!pools[j].Admits(admission)) continue;
                var ranges = pools[j].Ranges;
                for (int k = 0; k < ranges.Count; k++) admitted.Add(allocator.PoolFor(ranges[k]));
            }
        }
        return admitted;
    }

    private static IPv4Address? ServerIdentifierFor(ReplyParameters parameters, in PortContext port) =>
        parameters.Get(ServerParameters.ServerIdentifier) ?? port.LocalAddress;
}
