using IPoIBDhcp.InfiniBand;

namespace IPoIBDhcp.Engine.Fabric;

/// <summary>The parts of a frame's emulation header the switch routes by, read once per frame.</summary>
/// <param name="Flags">Broadcast and ICRC-error flags.</param>
/// <param name="PKey">The sender's P_Key (membership bit included).</param>
/// <param name="SourceGuid">Sender port GUID.</param>
/// <param name="DestinationGuid">Destination GUID (the MGID's low half for broadcast).</param>
/// <param name="DestinationQpn">Destination QPN (0xFFFFFF for broadcast).</param>
/// <param name="UdpDestinationPort">UDP destination port, or -1 when unreadable.</param>
/// <param name="BootReplyXid">The xid of a BOOTP reply (op 2) in the UDP payload, or -1 when the payload is not one: what a DHCP client's socket filter matches.</param>
internal readonly record struct FrameHeader(byte Flags, PKey PKey, ulong SourceGuid, ulong DestinationGuid, uint DestinationQpn, int UdpDestinationPort,
    long BootReplyXid)
{
    public bool IsBroadcast => (Flags & FabricFrame.FlagBroadcast) != 0;

    public bool IcrcError => (Flags & FabricFrame.FlagIcrcError) != 0;
}
