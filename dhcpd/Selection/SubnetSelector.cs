using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Selection;

/// <summary>
/// What a request tells about where it came from, gathered once from the packet and the receiving
/// port, then handed to <see cref="SubnetSelection.Select{TSubnet}"/> (Kea's <c>SubnetSelector</c>).
/// </summary>
/// <param name="GatewayAddress">giaddr: the relay that forwarded it, or 0.0.0.0.</param>
/// <param name="ClientAddress">ciaddr: set by bound clients (RENEWING, REBINDING, INFORM).</param>
/// <param name="SourceAddress">IP source of the datagram.</param>
/// <param name="LinkSelection">RFC 3527 link-selection sub-option of option 82, or 0.0.0.0.</param>
/// <param name="SubnetSelectionOption">RFC 3011 option 118, or 0.0.0.0.</param>
/// <param name="InterfaceAddress">The receiving port's own address, when it has one.</param>
public readonly record struct SubnetSelector(
    IPv4Address GatewayAddress,
    IPv4Address ClientAddress,
    IPv4Address SourceAddress,
    IPv4Address LinkSelection,
    IPv4Address SubnetSelectionOption,
    IPv4Address? InterfaceAddress);
