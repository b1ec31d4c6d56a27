using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Tests.Client;

/// <summary>Builds the replies a scripted DHCP server sends, for the client tests.</summary>
internal static class ServerReplies
{
    public static readonly IPv4Address Server = IPv4Address.Parse("198.18.0.1");
    public static readonly IPv4Address Offered = IPv4Address.Parse("198.18.0.100");

    public static byte[] Build(DhcpMessageType type, DhcpMessage request, IPv4Address yiaddr, uint leaseTime = 600,
        uint? t1 = null, uint? t2 = null, bool echoClientId = true, IPv4Address? serverId = null)
    {
        var buffer = new byte[576];
        var w = new DhcpMessageWriter(buffer)
        {
            Op = BootpOpCode.BootReply,
            HardwareType = request.HardwareType,
            TransactionId = request.TransactionId,
            Flags = request.Flags,
            YourAddress = type == DhcpMessageType.Nak ? IPv4Address.Any : yiaddr,
        };
        w.SetClientHardwareAddress(request.ClientHardwareAddress);
        w.WriteMessageType(type);
        w.WriteOption(DhcpOptionCode.ServerIdentifier, serverId ?? Server);
        if (type != DhcpMessageType.Nak)
        {
            w.WriteOption(DhcpOptionCode.LeaseTime, leaseTime);
            if (t1 is { } r) w.WriteOption(DhcpOptionCode.RenewalTime, r);
            if (t2 is { } b) w.WriteOption(DhcpOptionCode.RebindingTime, b);
            w.WriteOption(DhcpOptionCode.SubnetMask, IPv4Address.Parse("255.255.255.0"));
            w.WriteOption(DhcpOptionCode.Routers, Server);
            w.WriteOption(DhcpOptionCode.InterfaceMtu, (ushort)2044);
        }
        if (echoClientId && request.HasOption(DhcpOptionCode.ClientIdentifier))
            w.WriteOption(DhcpOptionCode.ClientIdentifier, request.ClientIdentifier);
        return buffer[..w.Finish()];
    }

    public static DhcpMessage Parse(byte[] bytes)
    {
        var m = new DhcpMessage();
        m.Read(bytes);
        return m;
    }
}
