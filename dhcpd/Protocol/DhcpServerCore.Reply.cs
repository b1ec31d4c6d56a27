using System.Text;
using IPoIBDhcp.Logging;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Logging;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Server.Protocol;

public sealed partial class DhcpServerCore
{
    // The largest UDP payload of an IPv4 datagram: what a reply to a relay may grow to (IP fragments it on the way).
    private const int LargestDatagram = 65_535 - 28;

    /// <summary>The largest reply for <paramref name="request"/>: within the client's option 57 and, on a local link, the MTU.</summary>
    internal static int MaxReplyLength(DhcpMessage request, in PortContext port)
    {
        // Option 57 counts the whole IP datagram (ISC and Kea read it so); 576 is what every client must take.
        int client = request.TryGetMaxMessageSize(out var mms) && mms >= 576 ? mms - 28 : BootpFieldLocations.DefaultMaximumMessageLength;
        if (!request.GatewayAddress.IsAny || port.Mtu <= 28) return client;
        return Math.Min(client, port.Mtu - 28);
    }

    /// <summary>
    /// How large a reply may grow with option 82 last in it. 82 does not count against the client's limit: the relay
    /// removes it before it forwards the reply (RFC 3046 section 2.2), as does an agent on the client's own link that
    /// added it with giaddr 0, so the client still receives no more than it can take; ISC dhcpd appends it past that
    /// limit the same way. What bounds it is the path: an IP datagram to a relay, the MTU on the client's link.
    /// </summary>
    internal static int MaxLengthWithRelayInformation(DhcpMessage request, in PortContext port, int clientLimit, int bufferLength)
    {
        int path = !request.GatewayAddress.IsAny ? LargestDatagram : port.Mtu > 28 ? port.Mtu - 28 : clientLimit;
        return Math.Min(Math.Max(path, clientLimit), bufferLength);
    }

    private int WriteReply(DhcpMessage request, DhcpMessageType type, IPv4Address yourAddress, SubnetPlan subnet,
        ReplyParameters p, IPv4Address serverId, uint leaseTime, in PortContext port, Span<byte> buffer)
    {
        int limit = MaxReplyLength(request, port);
        int withRelay = MaxLengthWithRelayInformation(request, port, limit, buffer.Length);
        int length = ComposeReply(request, type, yourAddress, subnet, p, serverId, leaseTime, limit, withRelay, buffer, out bool echoed);
        if (echoed) return length;
        // 82 did not fit after the client's options: write them again within a limit that keeps its bytes free, so
        // that options of lower priority give way to it (move into file/sname, or are left out).
        int reserved = withRelay - DhcpMessageWriter.EncodedLength(request.GetOption(DhcpOptionCode.RelayAgentInformation).Length);
        length = ComposeReply(request, type, yourAddress, subnet, p, serverId, leaseTime, Math.Min(limit, reserved), withRelay, buffer, out echoed);
        if (!echoed) RelayInformationLeftOut(request, type, withRelay);
        return length;
    }

    private static int ComposeReply(DhcpMessage request, DhcpMessageType type, IPv4Address yourAddress, SubnetPlan subnet,
        ReplyParameters p, IPv4Address serverId, uint leaseTime, int limit, int withRelay, Span<byte> buffer, out bool echoed)
    {
        var w = StartReply(request, buffer, limit);
        if (p.Get(ServerParameters.AlwaysBroadcast)) w.Flags |= BootpFieldLocations.BroadcastFlag;
        w.YourAddress = yourAddress;
        if (type == DhcpMessageType.Ack) w.ClientAddress = request.ClientAddress;
        if (p.Get(ServerParameters.NextServer) is { } next) w.NextServerAddress = next;
        bool fileInOption = false;
        if (p.Get(ServerParameters.ServerName) is { Length: > 0 and < BootpFieldLocations.SNameLength } sname)
        {
            Span<byte> field = stackalloc byte[BootpFieldLocations.SNameLength];
            w.SetServerName(field[..Encoding.ASCII.GetBytes(sname, field)]);
        }
        string? file = p.Get(ServerParameters.Filename);
        if (file is { Length: > 0 })
        {
            if (file.Length < BootpFieldLocations.FileLength)
            {
                Span<byte> field = stackalloc byte[BootpFieldLocations.FileLength];
                w.SetBootFileName(field[..Encoding.ASCII.GetBytes(file, field)]);
            }
            else
            {
                fileInOption = true; // too long for the field: RFC 2132 option 67 carries it
            }
        }
        // In order of priority: an option that no longer fits is left out, and only those after it can be.
        w.WriteMessageType(type);
        w.WriteOption(DhcpOptionCode.ServerIdentifier, serverId);
        if (leaseTime > 0)
        {
            w.WriteOption(DhcpOptionCode.LeaseTime, leaseTime);
            // T1/T2 as configured, else RFC 2131 4.4.5's defaults, so every client renews on the same schedule.
            if (p.Options.TryGetValue(DhcpOptionCode.RenewalTime, out var t1)) w.TryWriteOption(DhcpOptionCode.RenewalTime, t1.AsSpan());
            else w.WriteOption(DhcpOptionCode.RenewalTime, leaseTime / 2);
            if (p.Options.TryGetValue(DhcpOptionCode.RebindingTime, out var t2)) w.TryWriteOption(DhcpOptionCode.RebindingTime, t2.AsSpan());
            else w.WriteOption(DhcpOptionCode.RebindingTime, (uint)((ulong)leaseTime * 7 / 8));
        }
        if (p.Options.TryGetValue(DhcpOptionCode.SubnetMask, out var mask))
        {
            w.TryWriteOption(DhcpOptionCode.SubnetMask, mask.AsSpan());
        }
        else
        {
            Span<byte> bytes = stackalloc byte[4];
            subnet.Mask.Write(bytes);
            w.TryWriteOption(DhcpOptionCode.SubnetMask, bytes);
        }
        EchoClientIdentifier(request, p, ref w);
        if (fileInOption) w.TryWriteOption(DhcpOptionCode.BootfileName, Encoding.ASCII.GetBytes(file!));

        var requested = request.ParameterRequestList;
        if (requested.IsEmpty)
        {
            foreach (var (code, value) in p.Options.OrderBy(o => o.Key))
                if (!IsServerControlled(code)) w.TryWriteOption(code, value.AsSpan());
        }
        else
        {
            // Options the server always controls are written above; the rest in the client's order of preference.
            foreach (byte code in requested)
                if (!IsServerControlled(code) && p.Options.TryGetValue(code, out var value)) w.TryWriteOption(code, value.AsSpan());
            // Site-critical options the client did not list (RFC 2131 4.3.1 lets the server add them): interface MTU on IPoIB.
            if (requested.IndexOf(DhcpOptionCode.InterfaceMtu) < 0 && p.Options.TryGetValue(DhcpOptionCode.InterfaceMtu, out var mtu))
                w.TryWriteOption(DhcpOptionCode.InterfaceMtu, mtu.AsSpan());
        }
        echoed = EchoRelayInformation(request, ref w, withRelay);
        return w.Finish();
    }

    private int WriteNak(DhcpMessage request, ReplyParameters p, IPv4Address serverId, string why, in PortContext port, Span<byte> buffer)
    {
        int limit = MaxReplyLength(request, port);
        int withRelay = MaxLengthWithRelayInformation(request, port, limit, buffer.Length);
        int length = ComposeNak(request, p, serverId, why, limit, withRelay, buffer, out bool echoed);
        if (echoed) return length;
        int reserved = withRelay - DhcpMessageWriter.EncodedLength(request.GetOption(DhcpOptionCode.RelayAgentInformation).Length);
        length = ComposeNak(request, p, serverId, why, Math.Min(limit, reserved), withRelay, buffer, out echoed);
        if (!echoed) RelayInformationLeftOut(request, DhcpMessageType.Nak, withRelay);
        return length;
    }

    private static int ComposeNak(DhcpMessage request, ReplyParameters p, IPv4Address serverId, string why, int limit, int withRelay,
        Span<byte> buffer, out bool echoed)
    {
        var w = StartReply(request, buffer, limit);
        // RFC 2131 4.3.2: a NAK through a relay carries the broadcast bit so the relay broadcasts it.
        if (!request.GatewayAddress.IsAny) w.Flags |= BootpFieldLocations.BroadcastFlag;
        w.WriteMessageType(DhcpMessageType.Nak);
        if (!serverId.IsAny) w.WriteOption(DhcpOptionCode.ServerIdentifier, serverId);
        EchoClientIdentifier(request, p, ref w);
        w.TryWriteOption(DhcpOptionCode.Message, Encoding.ASCII.GetBytes(why));
        echoed = EchoRelayInformation(request, ref w, withRelay);
        return w.Finish();
    }

    private static DhcpMessageWriter StartReply(DhcpMessage request, Span<byte> buffer, int limit)
    {
        var w = new DhcpMessageWriter(buffer, limit)
        {
            Op = BootpOpCode.BootReply,
            HardwareType = request.HardwareType,
            TransactionId = request.TransactionId,
            Flags = request.Flags,
            GatewayAddress = request.GatewayAddress,
        };
        // RFC 4390: hlen 0 and a zero chaddr are echoed as such.
        w.SetClientHardwareAddress(request.ClientHardwareAddress);
        return w;
    }

    // RFC 6842: the client-id goes back, right after the options every reply must carry, before anything optional.
    private static void EchoClientIdentifier(DhcpMessage request, ReplyParameters p, ref DhcpMessageWriter w)
    {
        if (p.Get(ServerParameters.EchoClientId) && request.TryGetOption(DhcpOptionCode.ClientIdentifier, out var id)) w.TryWriteOption(DhcpOptionCode.ClientIdentifier, id);
    }

    // RFC 3046 2.2: relay agent information goes back unchanged, as the last option. True when the request had none.
    private static bool EchoRelayInformation(DhcpMessage request, ref DhcpMessageWriter w, int maxMessageLength) =>
        !request.TryGetOption(DhcpOptionCode.RelayAgentInformation, out var rai)
        || w.TryWriteLastOption(DhcpOptionCode.RelayAgentInformation, rai, maxMessageLength);

    private void RelayInformationLeftOut(DhcpMessage request, DhcpMessageType type, int limit)
    {
        Counters.RelayInformationLeftOut();
        if (log.IsEnabled(LogSeverity.Warning))
            log.Write(LogSeverity.Warning, $"{Name(type)} to {IscLogLines.Who(request)}: relay agent information " +
                $"({request.GetOption(DhcpOptionCode.RelayAgentInformation).Length} bytes) left out: it does not fit in a {limit}-byte reply");
    }

    private static bool IsServerControlled(byte code) => code is DhcpOptionCode.MessageType or DhcpOptionCode.ServerIdentifier
        or DhcpOptionCode.LeaseTime or DhcpOptionCode.RenewalTime or DhcpOptionCode.RebindingTime or DhcpOptionCode.SubnetMask
        or DhcpOptionCode.ClientIdentifier or DhcpOptionCode.RelayAgentInformation or DhcpOptionCode.OptionOverload
        or DhcpOptionCode.ParameterRequestList or DhcpOptionCode.MaxMessageSize or DhcpOptionCode.RequestedAddress
        or DhcpOptionCode.Pad or DhcpOptionCode.End;
}
