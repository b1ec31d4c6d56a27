using System.Buffers.Binary;

namespace IPoIBDhcp.Wire.Dhcp;

public sealed partial class DhcpMessage
{
    /// <summary>Option 53, or <see cref="DhcpMessageType.None"/> for BOOTP.</summary>
    public DhcpMessageType MessageType =>
        present[DhcpOptionCode.MessageType] ? (DhcpMessageType)optionValues[valueOffset[DhcpOptionCode.MessageType]] : DhcpMessageType.None;

    /// <summary>Option 61 bytes (type byte first), or empty when absent.</summary>
    public ReadOnlySpan<byte> ClientIdentifier => GetOption(DhcpOptionCode.ClientIdentifier);

    /// <summary>Option 50.</summary>
    public bool TryGetRequestedAddress(out IPv4Address address) => TryGetAddress(DhcpOptionCode.RequestedAddress, out address);

    /// <summary>Option 54.</summary>
    public bool TryGetServerIdentifier(out IPv4Address address) => TryGetAddress(DhcpOptionCode.ServerIdentifier, out address);

    /// <summary>Option 118 (RFC 3011 subnet selection).</summary>
    public bool TryGetSubnetSelection(out IPv4Address address) => TryGetAddress(DhcpOptionCode.SubnetSelection, out address);

    /// <summary>Option 51 in seconds.</summary>
    public bool TryGetLeaseTime(out uint seconds) => TryGetUInt32(DhcpOptionCode.LeaseTime, out seconds);

    /// <summary>Option 58 (T1) in seconds.</summary>
    public bool TryGetRenewalTime(out uint seconds) => TryGetUInt32(DhcpOptionCode.RenewalTime, out seconds);

    /// <summary>Option 59 (T2) in seconds.</summary>
    public bool TryGetRebindingTime(out uint seconds) => TryGetUInt32(DhcpOptionCode.RebindingTime, out seconds);

    /// <summary>Option 57, the largest DHCP message the client accepts.</summary>
    public bool TryGetMaxMessageSize(out ushort size)
    {
        size = 0;
        if (!TryGetOption(DhcpOptionCode.MaxMessageSize, out var v) || v.Length != 2) return false;
        size = BinaryPrimitives.ReadUInt16BigEndian(v);
        return true;
    }

    /// <summary>Option 55: the codes the client asks for, in its order of preference.</summary>
    public ReadOnlySpan<byte> ParameterRequestList => GetOption(DhcpOptionCode.ParameterRequestList);

    /// <summary>Option 82 (RFC 3046), readable with <see cref="RelayAgentInformation"/>.</summary>
    public RelayAgentInformation RelayAgentInformation => new(GetOption(DhcpOptionCode.RelayAgentInformation));

    private bool TryGetAddress(byte code, out IPv4Address address)
    {
        address = default;
        if (!TryGetOption(code, out var v) || v.Length != 4) return false;
        address = IPv4Address.Read(v);
        return true;
    }

    private bool TryGetUInt32(byte code, out uint value)
    {
        value = 0;
        if (!TryGetOption(code, out var v) || v.Length != 4) return false;
        value = BinaryPrimitives.ReadUInt32BigEndian(v);
        return true;
    }
}
