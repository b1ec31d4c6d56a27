using System.Text;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Server.Protocol;

public sealed partial class DhcpServerCore
{
    /// <summary>The largest reply for <paramref name="request"/>: within the client's option 57 and, on a local link, the MTU.</summary>
    internal static int MaxReplyLength(DhcpMessage request, in PortContext port)
    {
        // Option 57 counts the whole IP datagram (ISC and Kea read it so); 576 is what every client must take.
        int client = request.TryGetMaxMessageSize(out var mms) && mms >= 576 ? mms - 28 : BootpFieldLocations.DefaultMaximumMessageLength;
        if (!request.GatewayAddress.IsAny || port.Mtu <= 28) return client;
        return Math.Min(client, port.Mtu - 28);
    }

    private static int WriteReply(DhcpMessage request, DhcpMessageType type, IPv4Address yourAddress, SubnetPlan subnet,
        ReplyParameters p, IPv4Address serverId, uint leaseTime, in PortContext port, Span<byte> buffer)
    {
        var w = StartReply(request, buffer, port);
        w.YourAddress = yourAddress;
        if (type == DhcpMessageType.Ack) w.ClientAddress = request.ClientAddress;
        if (p.NextServer is { } next) w.NextServerAddress = next;
        bool fileInOption = false;
        if (p.ServerName is { Length: > 0 and < BootpFieldLocations.SNameLength } sname) w.SetServerName(Encoding.ASCII.GetBytes(sname));
        if (p.Filename is { Length: > 0 } file)
        {
            if (file.Length < BootpFieldLocations.FileLength) w.SetBootFileName(Encoding.ASCII.GetBytes(file));
            else fileInOption = true; // too long for the field: RFC 2132 option 67 carries it
        }
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
        if (p.Options.TryGetValue(DhcpOptionCode.SubnetMask, out var mask)) w.TryWriteOption(DhcpOptionCode.SubnetMask, mask.AsSpan());
        else w.TryWriteOption(DhcpOptionCode.SubnetMask, AddressBytes(subnet.Mask));
        if (fileInOption) w.TryWriteOption(DhcpOptionCode.BootfileName, Encoding.ASCII.GetBytes(p.Filename!));

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
        EchoIdentity(request, p, ref w);
        return w.Finish();
    }

    private static int WriteNak(DhcpMessage request, ReplyParameters p, IPv4Address serverId, string why, in PortContext port, Span<byte> buffer)
    {
        var w = StartReply(request, buffer, port);
        // RFC 2131 4.3.2: a NAK through a relay carries the broadcast bit so the relay broadcasts it.
        if (!request.GatewayAddress.IsAny) w.Flags |= BootpFieldLocations.BroadcastFlag;
        w.WriteMessageType(DhcpMessageType.Nak);
        if (!serverId.IsAny) w.WriteOption(DhcpOptionCode.ServerIdentifier, serverId);
        w.TryWriteOption(DhcpOptionCode.Message, Encoding.ASCII.GetBytes(why));
        EchoIdentity(request, p, ref w);
        return w.Finish();
    }

    private static DhcpMessageWriter StartReply(DhcpMessage request, Span<byte> buffer, in PortContext port)
    {
        var w = new DhcpMessageWriter(buffer, MaxReplyLength(request, port))
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

    private static void EchoIdentity(DhcpMessage request, ReplyParameters p, ref DhcpMessageWriter w)
    {
        if (p.EchoClientId && request.TryGetOption(DhcpOptionCode.ClientIdentifier, out var id)) w.TryWriteOption(DhcpOptionCode.ClientIdentifier, id);
        // RFC 3046 2.2: relay agent information goes back to the relay unchanged.
        if (request.TryGetOption(DhcpOptionCode.RelayAgentInformation, out var rai)) w.TryWriteOption(DhcpOptionCode.RelayAgentInformation, rai);
    }

    private static bool IsServerControlled(byte code) => code is DhcpOptionCode.MessageType or DhcpOptionCode.ServerIdentifier
        or DhcpOptionCode.LeaseTime or DhcpOptionCode.RenewalTime or DhcpOptionCode.RebindingTime or DhcpOptionCode.SubnetMask
        or DhcpOptionCode.ClientIdentifier or DhcpOptionCode.RelayAgentInformation or DhcpOptionCode.OptionOverload
        or DhcpOptionCode.ParameterRequestList or DhcpOptionCode.MaxMessageSize or DhcpOptionCode.RequestedAddress
        or DhcpOptionCode.Pad or DhcpOptionCode.End;

    private static byte[] AddressBytes(IPv4Address a)
    {
        var b = new byte[4];
        a.Write(b);
        return b;
    }
}
