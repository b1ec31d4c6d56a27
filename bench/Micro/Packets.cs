using System.Text;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Bench.Micro;

/// <summary>
/// The four messages of a FlexBoot DORA on IPoIB, built the way the client and dhcpd build them (RFC 4390
/// framing: htype 32, hlen 0, broadcast flag, FlexBoot client-id), shared by the parse and build benchmarks.
/// </summary>
public static class Packets
{
    /// <summary>The node's port GUID.</summary>
    public static readonly PortGuid Guid = new(0x0002_c903_0100_0042);

    /// <summary>The node's FlexBoot client identifier (20 bytes).</summary>
    public static readonly ClientIdentifier Id = ClientIdentifier.FlexBoot(Guid);

    /// <summary>The head node (server identifier, router, DNS).</summary>
    public static readonly IPv4Address Server = new(0xC612_0001);

    /// <summary>The address offered.</summary>
    public static readonly IPv4Address Offered = new(0xC612_002A);

    /// <summary>The relay's address (giaddr) for relayed requests.</summary>
    public static readonly IPv4Address Relay = new(0xC612_0002);

    /// <summary>Transaction id of the exchange.</summary>
    public const uint Xid = 0x1234_5678;

    private static readonly byte[] VendorClass = Encoding.ASCII.GetBytes("PXEClient:Arch:00007:UNDI:003016");
    private static readonly byte[] Prl = [1, 3, 6, 12, 15, 17, 26, 43, 60, 66, 67, 128, 129, 130, 131, 132, 133, 134, 135];
    private static readonly byte[] Mask = [255, 255, 0, 0];
    private static readonly byte[] Domain = Encoding.ASCII.GetBytes("cluster.example");
    private static readonly byte[] BootFile = Encoding.ASCII.GetBytes("undionly.kpxe");

    /// <summary>
    /// Writes a client request (DISCOVER, or REQUEST in SELECTING for <paramref name="requested"/>) into <paramref name="buffer"/>;
    /// returns its length. With <paramref name="relayInfo"/> it is the request as a relay forwards it: giaddr set, option 82 last.
    /// </summary>
    public static int WriteRequest(Span<byte> buffer, DhcpMessageType type, IPv4Address? requested = null, ReadOnlySpan<byte> relayInfo = default)
    {
        // A relay adds option 82 to what the client sent, so the forwarded request may pass 576 bytes.
        var w = new DhcpMessageWriter(buffer, relayInfo.IsEmpty ? BootpFieldLocations.DefaultMaximumMessageLength : buffer.Length)
        {
            Op = BootpOpCode.BootRequest,
            HardwareType = HardwareType.InfiniBand,
            TransactionId = Xid,
            Flags = BootpFieldLocations.BroadcastFlag,
        };
        w.SetClientHardwareAddress([]);
        w.WriteMessageType(type);
        w.WriteOption(DhcpOptionCode.ClientIdentifier, Id.Span);
        if (type == DhcpMessageType.Request)
        {
            w.WriteOption(DhcpOptionCode.RequestedAddress, requested ?? Offered);
            w.WriteOption(DhcpOptionCode.ServerIdentifier, Server);
        }
        w.WriteOption(DhcpOptionCode.MaxMessageSize, (ushort)2044);
        w.WriteOption(DhcpOptionCode.VendorClassIdentifier, VendorClass);
        w.WriteOption(DhcpOptionCode.ParameterRequestList, Prl);
        if (!relayInfo.IsEmpty)
        {
            w.GatewayAddress = Relay;
            w.Hops = 1;
            w.WriteOption(DhcpOptionCode.RelayAgentInformation, relayInfo);
        }
        return w.Finish();
    }

    /// <summary>Writes a server reply (OFFER or ACK) as dhcpd's reply writer lays it out; returns its length.</summary>
    public static int WriteReply(Span<byte> buffer, DhcpMessageType type)
    {
        var w = new DhcpMessageWriter(buffer, 2044 - 28)
        {
            Op = BootpOpCode.BootReply,
            HardwareType = HardwareType.InfiniBand,
            TransactionId = Xid,
            Flags = BootpFieldLocations.BroadcastFlag,
            YourAddress = Offered,
            NextServerAddress = Server,
        };
        w.SetClientHardwareAddress([]);
        w.SetBootFileName(BootFile);
        w.WriteMessageType(type);
        w.WriteOption(DhcpOptionCode.ServerIdentifier, Server);
        w.WriteOption(DhcpOptionCode.LeaseTime, 3600u);
        w.WriteOption(DhcpOptionCode.RenewalTime, 1800u);
        w.WriteOption(DhcpOptionCode.RebindingTime, 3150u);
        w.WriteOption(DhcpOptionCode.SubnetMask, Mask);
        w.WriteOption(DhcpOptionCode.Routers, Server);
        w.WriteOption(DhcpOptionCode.DomainNameServers, Server);
        w.WriteOption(DhcpOptionCode.DomainName, Domain);
        w.WriteOption(DhcpOptionCode.InterfaceMtu, (ushort)2044);
        w.WriteOption(DhcpOptionCode.ClientIdentifier, Id.Span);
        return w.Finish();
    }

    /// <summary>A message as bytes.</summary>
    public static byte[] Bytes(DhcpMessageType type)
    {
        var buffer = new byte[2048];
        int length = type is DhcpMessageType.Discover or DhcpMessageType.Request ? WriteRequest(buffer, type) : WriteReply(buffer, type);
        return buffer[..length];
    }
}
