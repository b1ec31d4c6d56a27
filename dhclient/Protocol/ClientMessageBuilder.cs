using System.Text;
using IPoIBDhcp.Client.Config;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Identity;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Client.Protocol;

/// <summary>
/// Builds the client's messages with the framing the link needs: on IPoIB htype 32, hlen 0, a zero chaddr,
/// the broadcast flag and the client identifier (RFC 4390 section 2); on Ethernet htype 1, hlen 6 and the
/// MAC in chaddr. Option order follows ISC dhclient: 53, 61, 50, 54, 57, the <c>send</c> options, 55.
/// </summary>
public sealed class ClientMessageBuilder
{
    private const int StackBufferSize = 4096;

    private static readonly byte[] ProtocolOwned =
    [
        DhcpOptionCode.MessageType, DhcpOptionCode.ClientIdentifier, DhcpOptionCode.RequestedAddress,
        DhcpOptionCode.ServerIdentifier,
    ];

    private readonly ClientLink link;
    private readonly ClientSettings settings;
    private readonly ClientIdentifier? identity;
    private readonly byte[]? hostName;
    private readonly byte[] hardwareAddress;

    /// <summary>
    /// Prepares messages for <paramref name="link"/>. On IPoIB an identifier is mandatory (RFC 4390
    /// section 2.1), and on a port without a link address nothing else identifies the client: without one
    /// the builder refuses to exist, so no such request can leave without it.
    /// </summary>
    public ClientMessageBuilder(ClientLink link, ClientSettings settings, ClientIdentifier? identity, string? hostName)
    {
        if (link.LinkType == LinkType.InfiniBand && identity is null)
            throw new ArgumentException("an IPoIB client must send a client identifier (RFC 4390 section 2.1)", nameof(identity));
        if (link.LinkType == LinkType.None && identity is null)
            throw new ArgumentException("a port without a link address (UDP) needs a client identifier: configure 'send dhcp-client-identifier'", nameof(identity));
        this.link = link;
        this.settings = settings;
        this.identity = identity;
        var linkAddress = link.HardwareAddress;
        hardwareAddress = linkAddress.Span.ToArray();
        this.hostName = string.IsNullOrEmpty(hostName) ? null : Encoding.ASCII.GetBytes(hostName);
    }

    /// <summary>The identifier every message carries (option 61), if any.</summary>
    public ClientIdentifier? Identity => identity;

    /// <summary>
    /// Builds one message. <paramref name="requested"/> goes into option 50, <paramref name="server"/> into 54;
    /// <paramref name="withParameters"/> adds 57, the configured <c>send</c> options and 55 (DISCOVER/REQUEST).
    /// </summary>
    public byte[] Build(DhcpMessageType type, uint xid, ushort seconds, IPv4Address clientAddress,
        IPv4Address? requested, IPv4Address? server, bool withParameters)
    {
        int size = Math.Max(BootpFieldLocations.DefaultMaximumMessageLength, link.MaxMessageSize - 28);
        // Written on the stack and copied out at its length: the only allocation is the message itself.
        Span<byte> buffer = size <= StackBufferSize ? stackalloc byte[StackBufferSize] : new byte[size];
        var w = new DhcpMessageWriter(buffer, size)
        {
            Op = BootpOpCode.BootRequest,
            TransactionId = xid,
            Seconds = seconds,
            ClientAddress = clientAddress,
        };
        switch (link.LinkType)
        {
            case LinkType.InfiniBand:
                w.HardwareType = HardwareType.InfiniBand;
                w.SetClientHardwareAddress([]);
                w.Flags = BootpFieldLocations.BroadcastFlag;
                break;
            case LinkType.Ethernet:
                w.HardwareType = HardwareType.Ethernet;
                w.SetClientHardwareAddress(hardwareAddress);
                w.Flags = link.RequestBroadcastReplies ? BootpFieldLocations.BroadcastFlag : (ushort)0;
                break;
            default:
                w.HardwareType = HardwareType.Ethernet;
                w.SetClientHardwareAddress([]);
                break;
        }
        w.WriteMessageType(type);
        if (identity is { } id) w.WriteOption(DhcpOptionCode.ClientIdentifier, id.Span);
        if (requested is { } r) w.WriteOption(DhcpOptionCode.RequestedAddress, r);
        if (server is { } s) w.WriteOption(DhcpOptionCode.ServerIdentifier, s);
        if (withParameters)
        {
            if (!Configured(DhcpOptionCode.MaxMessageSize)) w.WriteOption(DhcpOptionCode.MaxMessageSize, link.MaxMessageSize);
            foreach (var option in settings.Send)
            {
                if (ProtocolOwned.Contains(option.Code)) continue;
                if (option.FromHostName)
                {
                    if (hostName is not null) w.WriteOption(option.Code, hostName);
                    continue;
                }
                w.WriteOption(option.Code, option.Value.AsSpan());
            }
            if (!Configured(DhcpOptionCode.ParameterRequestList) && settings.Request.Length > 0)
                w.WriteOption(DhcpOptionCode.ParameterRequestList, settings.Request.AsSpan());
        }
        int length = w.Finish();
        return buffer[..length].ToArray();
    }

    private bool Configured(byte code)
    {
        foreach (var option in settings.Send)
        {
            if (option.Code == code)
                return true;
        }
        return false;
    }
}
