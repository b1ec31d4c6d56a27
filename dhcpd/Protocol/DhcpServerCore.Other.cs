using IPoIBDhcp.Engine;
using IPoIBDhcp.Server.Allocation;
using IPoIBDhcp.Logging;
using IPoIBDhcp.Server.Logging;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Server.Protocol;

public sealed partial class DhcpServerCore
{
    private ServerDecision Release(DhcpMessage request, ClientKey key, string via, DateTimeOffset now)
    {
        var address = request.ClientAddress;
        bool found = allocator.TryRelease(key, address);
        if (log.IsEnabled(LogSeverity.Info)) log.Write(LogSeverity.Info, IscLogLines.Release(request, address, via, found));
        if (!found) return ServerDecision.Silent;
        var runs = OnRelease(request, allocator.FindByAddress(address)!);
        return Record(request, address, now) with { Runs = runs };
    }

    private ServerDecision Decline(DhcpMessage request, ClientKey key, string via, DateTimeOffset now)
    {
        request.TryGetRequestedAddress(out var address);
        bool abandoned = !address.IsAny && allocator.TryAbandon(key, address, now);
        if (log.IsEnabled(LogSeverity.Warning)) log.Write(LogSeverity.Warning, IscLogLines.Decline(request, address, via, abandoned));
        return abandoned ? Record(request, address, now) : ServerDecision.Silent;
    }

    /// <summary>A decision to record, without a reply, the lease of <paramref name="address"/> as this request left it.</summary>
    private ServerDecision Record(DhcpMessage request, IPv4Address address, DateTimeOffset now) =>
        new(DecisionKind.CommitOnly, Lease: LeaseRecords.ToLease(allocator.FindByAddress(address)!, request.ClientIdentifier, request.HardwareType, request.ClientHardwareAddress, now));

    private ServerDecision Inform(DhcpMessage request, in ReceivedDatagram received, in PortContext port, ClientKey key, string via, Span<byte> reply)
    {
        if (log.IsEnabled(LogSeverity.Info)) log.Write(LogSeverity.Info, IscLogLines.Inform(request, via));
        var subnet = SelectSubnet(request, received, port);
        if (subnet is null)
        {
            Counters.NoSubnet();
            if (log.IsEnabled(LogSeverity.Warning)) log.Write(LogSeverity.Warning, $"{IscLogLines.Inform(request, via)}: unknown network segment");
            return ServerDecision.Silent;
        }
        var host = plan.FindHost(key, request);
        var classes = plan.Resolver.Classify(request);
        var parameters = plan.Resolver.Resolve(request, subnet, null, host, classes);
        if (ServerIdentifierFor(parameters, port) is not { } serverId) return ServerDecision.Silent;
        // RFC 2131 4.3.5: no yiaddr, no lease time; unicast to ciaddr.
        int length = WriteReply(request, DhcpMessageType.Ack, IPv4Address.Any, subnet, parameters, serverId, 0, port, reply);
        var route = ReplyRouter.Route(request, received, port.Capabilities, isNak: false, IPv4Address.Any, port.ServerPort);
        if (log.IsEnabled(LogSeverity.Info)) log.Write(LogSeverity.Info, IscLogLines.InformAck(request, via));
        return new ServerDecision(DecisionKind.Reply, length, route);
    }
}
