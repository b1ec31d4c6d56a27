using IPoIBDhcp.Identity;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.IntegrationTests.Support;

/// <summary>
/// A client request built by hand, field by field, so a test states exactly what goes on the wire. Defaults are an
/// RFC 4390 IPoIB client: htype 32, hlen 0, zero chaddr, broadcast flag set, option 61 mandatory.
/// </summary>
internal sealed record DhcpPacket(DhcpMessageType Type, uint TransactionId, ClientIdentifier ClientId)
{
    /// <summary>The codes every test client asks for (option 55).</summary>
    public static readonly byte[] DefaultParameterRequestList =
        [DhcpOptionCode.SubnetMask, DhcpOptionCode.BroadcastAddress, DhcpOptionCode.Routers, DhcpOptionCode.DomainName,
         DhcpOptionCode.DomainNameServers, DhcpOptionCode.HostName, DhcpOptionCode.RootPath, DhcpOptionCode.InterfaceMtu];

    /// <summary>htype (32 InfiniBand, 1 Ethernet).</summary>
    public byte HardwareType { get; init; } = Wire.Dhcp.HardwareType.InfiniBand;

    /// <summary>chaddr (hlen = its length): empty on IPoIB (RFC 4390).</summary>
    public byte[] ClientHardwareAddress { get; init; } = [];

    /// <summary>flags: broadcast by default (always on IPoIB).</summary>
    public ushort Flags { get; init; } = 0x8000;

    /// <summary>hops (1 when a relay forwarded it).</summary>
    public byte Hops { get; init; }

    /// <summary>ciaddr: set in RENEWING, REBINDING, RELEASE and INFORM.</summary>
    public IPv4Address ClientAddress { get; init; }

    /// <summary>giaddr: the relay's address.</summary>
    public IPv4Address GatewayAddress { get; init; }

    /// <summary>Option 50: SELECTING, INIT-REBOOT and DECLINE.</summary>
    public IPv4Address? RequestedAddress { get; init; }

    /// <summary>Option 54: SELECTING, RELEASE and DECLINE.</summary>
    public IPv4Address? ServerIdentifier { get; init; }

    /// <summary>Option 55 (null: none).</summary>
    public byte[]? ParameterRequestList { get; init; } = DefaultParameterRequestList;

    /// <summary>Option 82 as a relay appends it (null: none).</summary>
    public byte[]? RelayAgentInformation { get; init; }

    /// <summary>The message bytes.</summary>
    public byte[] Build()
    {
        var buffer = new byte[1024];
        // A relay's option 82 may take the request past 576 bytes.
        var writer = new DhcpMessageWriter(buffer, RelayAgentInformation is null ? BootpFieldLocations.DefaultMaximumMessageLength : buffer.Length);
        writer.Op = BootpOpCode.BootRequest;
        writer.HardwareType = HardwareType;
        writer.Hops = Hops;
        writer.TransactionId = TransactionId;
        writer.Flags = Flags;
        writer.ClientAddress = ClientAddress;
        writer.GatewayAddress = GatewayAddress;
        writer.SetClientHardwareAddress(ClientHardwareAddress);
        writer.WriteMessageType(Type);
        writer.WriteOption(DhcpOptionCode.ClientIdentifier, ClientId.Span);
        if (RequestedAddress is { } requested)
            writer.WriteOption(DhcpOptionCode.RequestedAddress, requested);
        if (ServerIdentifier is { } server)
            writer.WriteOption(DhcpOptionCode.ServerIdentifier, server);
        if (ParameterRequestList is { } list)
            writer.WriteOption(DhcpOptionCode.ParameterRequestList, list);
        if (RelayAgentInformation is { } rai)
            writer.WriteOption(DhcpOptionCode.RelayAgentInformation, rai);
        int length = writer.Finish();
        return buffer[..length];
    }
}
