using IPoIBDhcp.Engine;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.IntegrationTests.Support;

/// <summary>A reply as received: the decoded message (its own instance) and how it arrived.</summary>
/// <param name="Message">The decoded reply.</param>
/// <param name="Endpoints">IP addresses and ports it came with.</param>
/// <param name="WasLinkBroadcast">True when it was sent to the link broadcast.</param>
internal sealed record DhcpReply(DhcpMessage Message, DatagramEndpoints Endpoints, bool WasLinkBroadcast)
{
    /// <summary>Option 53.</summary>
    public DhcpMessageType Type => Message.MessageType;

    /// <summary>yiaddr.</summary>
    public IPv4Address YourAddress => Message.YourAddress;

    /// <summary>Option 54.</summary>
    public IPv4Address ServerIdentifier => Message.TryGetServerIdentifier(out var id) ? id : IPv4Address.Any;

    /// <summary>An address option (1, 3, 6, 28) or null.</summary>
    public IPv4Address? Address(byte code) =>
        Message.TryGetOption(code, out var value) && value.Length >= 4 ? IPv4Address.Read(value) : null;

    /// <summary>A 32-bit option (51, 58, 59) or null.</summary>
    public uint? UInt32(byte code) =>
        Message.TryGetOption(code, out var value) && value.Length == 4 ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(value) : null;

    /// <summary>A 16-bit option (26, 57) or null.</summary>
    public ushort? UInt16(byte code) =>
        Message.TryGetOption(code, out var value) && value.Length == 2 ? System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(value) : null;

    /// <summary>A text option (12, 15, 17) or null.</summary>
    public string? Text(byte code) =>
        Message.TryGetOption(code, out var value) ? System.Text.Encoding.ASCII.GetString(value) : null;

    /// <summary>Decodes <paramref name="payload"/> into a new message; null when it is not a DHCP message.</summary>
    public static DhcpReply? TryCreate(ReadOnlySpan<byte> payload, DatagramEndpoints endpoints, bool wasLinkBroadcast)
    {
        var message = new DhcpMessage();
        return message.TryRead(payload, out _) ? new DhcpReply(message, endpoints, wasLinkBroadcast) : null;
    }
}
