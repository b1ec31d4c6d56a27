using System.Buffers.Binary;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Server.Intake;

/// <summary>
/// What the backlog needs to know of a datagram before it is decided, read straight from its bytes: whether it starts
/// a transaction (a DISCOVER) or finishes one, and which client transaction it belongs to, so a retransmission can
/// replace the copy still waiting. Reads the fixed header and the options field only (no allocation, no full parse);
/// anything it cannot read is left to the decision, which counts and drops what is malformed.
/// </summary>
public static class RequestPeek
{
    /// <summary>
    /// Reads <paramref name="datagram"/>: <paramref name="isDiscover"/> for a DHCPDISCOVER, and <paramref name="transaction"/>
    /// a key that two copies of one client's message share (xid, message type, giaddr and the client-id, or htype and
    /// chaddr without one); false (no key) when the datagram is not a well-formed BOOTREQUEST with a message type.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> datagram, out bool isDiscover, out ulong transaction)
    {
        isDiscover = false;
        transaction = 0;
        if (datagram.Length < BootpFieldLocations.Options || datagram[BootpFieldLocations.Op] != (byte)BootpOpCode.BootRequest
            || BinaryPrimitives.ReadUInt32BigEndian(datagram[BootpFieldLocations.MagicCookie..]) != BootpFieldLocations.MagicCookieValue)
            return false;
        byte type = 0;
        ReadOnlySpan<byte> clientId = default;
        var options = datagram[BootpFieldLocations.Options..];
        for (int i = 0; i < options.Length;)
        {
            byte code = options[i];
            if (code == 255) break;
            if (code == 0)
            {
                i++;
                continue;
            }
            if (i + 1 >= options.Length || i + 2 + options[i + 1] > options.Length) return false;
            var value = options.Slice(i + 2, options[i + 1]);
            if (code == DhcpOptionCode.MessageType && value.Length == 1) type = value[0];
            else if (code == DhcpOptionCode.ClientIdentifier && clientId.IsEmpty) clientId = value;
            i += 2 + value.Length;
        }
        if (type == 0) return false;
        isDiscover = type == (byte)DhcpMessageType.Discover;
        var hash = new HashCode();
        hash.Add(type);
        hash.Add(BinaryPrimitives.ReadUInt32BigEndian(datagram[BootpFieldLocations.GiAddr..])); // giaddr: the same xid behind two relays is two clients
        if (clientId.IsEmpty)
        {
            byte hlen = Math.Min(datagram[BootpFieldLocations.HLen], (byte)BootpFieldLocations.ChAddrLength);
            hash.Add(datagram[BootpFieldLocations.HType]);
            hash.AddBytes(datagram.Slice(BootpFieldLocations.ChAddr, hlen));
        }
        else
        {
            hash.AddBytes(clientId);
        }
        transaction = ((ulong)BinaryPrimitives.ReadUInt32BigEndian(datagram[BootpFieldLocations.Xid..]) << 32) | (uint)hash.ToHashCode();
        return true;
    }
}
