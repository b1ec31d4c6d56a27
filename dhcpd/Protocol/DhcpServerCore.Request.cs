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
    private ServerDecision Request(DhcpMessage request, in ReceivedDatagram received, in PortContext port, ClientKey key, string via, Span<byte> reply, DateTimeOffset now)
    {
        bool selecting = request.TryGetServerIdentifier(out var chosenServer);
        request.TryGetRequestedAddress(out var requested);
        // RFC 2131 4.3.2: SELECTING and INIT-REBOOT name the address in option 50; RENEWING and REBINDING in ciaddr.
        var address = !requested.IsAny ? requested : request.ClientAddress;
        if (address.IsAny)
        {
            Counters.Ignored();
            if (log.IsEnabled(LogSeverity.Warning)) log.Write(LogSeverity.Warning, $"DHCPREQUEST from {IscLogLines.Who(request)} via {via}: names no address");
            return ServerDecision.Silent;
        }
        if (log.IsEnabled(LogSeverity.Info)) log.Write(LogSeverity.Info, IscLogLines.Request(request, address, via));
        var subnet = SelectSubnet(request, received, port);
        if (subnet is null)
        {
            Counters.NoSubnet();
            if (log.IsEnabled(LogSeverity.Warning)) log.Write(LogSeverity.Warning, $"{IscLogLines.Request(request, address, via)}: unknown network segment");
            return ServerDecision.Silent;
        }
        var link = subnet.Link;
        var host = plan.FindHost(key, request);
        var classes = plan.Resolver.Classify(request);
        var leaseSubnet = link.SubnetOf(address);
        var fixedAddress = host?.FixedAddressOn(link);
        var (pool, range) = leaseSubnet is null || fixedAddress is not null ? (null, null) : link.PoolOf(address);
        // One resolution serves the server-identifier check, a NAK and the ACK: the scope the OFFER was built from.
        var parameters = plan.Resolver.Resolve(request, leaseSubnet ?? subnet, pool, host, classes, address);
        if (selecting && ServerIdentifierFor(parameters, port) != chosenServer)
        {
            // The client took another server's offer: free the address we held for it.
            if (allocator.FindByKey(key) is { State: BindingState.Offered } held) allocator.TryRelease(key, held.Address);
            return ServerDecision.Silent;
        }

        if (leaseSubnet is null)
            return Nak(request, received, port, parameters, via, address, "wrong network", reply);

        if (fixedAddress is { } fixedOne)
        {
            if (fixedOne == address && Dropped(request, parameters, host, IscLogLines.Request(request, address, via), offering: false)) return ServerDecision.Silent;
            return fixedOne == address
                ? Ack(request, received, port, parameters, via, address, leaseSubnet, reply, now, commit: null)
                : Nak(request, received, port, parameters, via, address, "not this host's fixed address", reply);
        }

        var admission = new PoolAdmission(host is not null, classes, false);
        if (pool is null || range is null || !pool.Admits(admission))
            return Nak(request, received, port, parameters, via, address, "address is not available to this client", reply);

        var existing = allocator.FindByKey(key);
        bool knownForThisAddress = existing is not null && existing.Address == address;
        if (!knownForThisAddress && !selecting && existing is not null && existing.State is BindingState.Active or BindingState.Offered)
            return Nak(request, received, port, parameters, via, address, "client holds another address", reply);

        if (Dropped(request, parameters, host, IscLogLines.Request(request, address, via), offering: false)) return ServerDecision.Silent;
        request.TryGetLeaseTime(out uint asked);
        uint leaseTime = parameters.LeaseTimeFor(asked);
        if (!allocator.TryCommit(key, address, allocator.PoolFor(range.Value), now, LeaseEnd(now, leaseTime), out var binding))
            return Nak(request, received, port, parameters, via, address, "address is held by another client", reply);
        keys.Remember(key);
        return Ack(request, received, port, parameters, via, address, leaseSubnet, reply, now, binding, leaseTime);
    }

    /// <summary>When a lease of <paramref name="leaseTime"/> seconds ends: never for ISC's infinite (0xffffffff), written <c>ends never;</c>.</summary>
    private static DateTimeOffset LeaseEnd(DateTimeOffset now, uint leaseTime) =>
        leaseTime == uint.MaxValue ? DateTimeOffset.MaxValue : now.AddSeconds(leaseTime);

    /// <summary>
    /// Option 51 for a lease of <paramref name="leaseTime"/>: as given, except ISC's infinite, which ISC dhcpd 4.4.3 sends
    /// as the seconds left until 2038-01-19 (0x7fffffff - now: seen on the wire, with 'ends never;' in its lease file).
    /// </summary>
    private static uint WireLeaseTime(uint leaseTime, DateTimeOffset now) =>
        leaseTime != uint.MaxValue ? leaseTime : (uint)Math.Max(1, int.MaxValue - now.ToUnixTimeSeconds());

    private ServerDecision Ack(DhcpMessage request, in ReceivedDatagram received, in PortContext port, ReplyParameters parameters,
        string via, IPv4Address address, SubnetPlan subnet, Span<byte> reply, DateTimeOffset now, Binding? commit, uint leaseTime = 0)
    {
        if (ServerIdentifierFor(parameters, port) is not { } serverId)
        {
            if (log.IsEnabled(LogSeverity.Error)) log.Write(LogSeverity.Error, $"{IscLogLines.Request(request, address, via)}: no server identifier: configure server-identifier or an address on {port.Name}");
            return ServerDecision.Silent;
        }
        if (commit is null)
        {
            request.TryGetLeaseTime(out uint asked);
            leaseTime = parameters.LeaseTimeFor(asked);
        }
        int length = WriteReply(request, DhcpMessageType.Ack, address, subnet, parameters, serverId, WireLeaseTime(leaseTime, now), port, reply);
        var route = ReplyRouter.Route(request, received, port.Capabilities, isNak: false, address, port.ServerPort, parameters.Get(ServerParameters.AlwaysBroadcast));
        Counters.Ack();
        if (log.IsEnabled(LogSeverity.Info)) log.Write(LogSeverity.Info, IscLogLines.Ack(request, address, via));
        return commit is null
            ? new ServerDecision(DecisionKind.Reply, length, route)
            : new ServerDecision(DecisionKind.CommitThenReply, length, route, LeaseRecords.ToLease(commit, request.ClientIdentifier, request.HardwareType, request.ClientHardwareAddress, now));
    }

    private ServerDecision Nak(DhcpMessage request, in ReceivedDatagram received, in PortContext port, ReplyParameters parameters,
        string via, IPv4Address address, string why, Span<byte> reply)
    {
        if (!parameters.Get(ServerParameters.Authoritative))
        {
            // ISC: a server that is not authoritative stays silent rather than NAK what it does not know.
            if (log.IsEnabled(LogSeverity.Info)) log.Write(LogSeverity.Info, $"{IscLogLines.Request(request, address, via)}: {why} (not authoritative: ignored)");
            return ServerDecision.Silent;
        }
        var serverId = ServerIdentifierFor(parameters, port) ?? IPv4Address.Any;
        int length = WriteNak(request, parameters, serverId, why, port, reply);
        var route = ReplyRouter.Route(request, received, port.Capabilities, isNak: true, IPv4Address.Any, port.ServerPort);
        Counters.Nak();
        if (log.IsEnabled(LogSeverity.Info)) log.Write(LogSeverity.Info, $"{IscLogLines.Nak(request, address, via)} ({why})");
        return new ServerDecision(DecisionKind.Reply, length, route);
    }
}
