using IPoIBDhcp.Identity;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.IntegrationTests.Support;

/// <summary>The RFC 4390 framing every reply to an IPoIB client must have, checked field by field.</summary>
internal static class IPoIBReplyAssert
{
    /// <summary>
    /// op BOOTREPLY, htype 32, hlen 0, chaddr all zero, the broadcast flag echoed, the xid echoed, option 61 echoed
    /// (RFC 6842), and the expected message type.
    /// </summary>
    public static void Framing(DhcpReply? reply, DhcpPacket request, DhcpMessageType type)
    {
        Assert.That(reply, Is.Not.Null, $"no reply to {request.Type} xid {request.TransactionId:x8}");
        var m = reply!.Message;
        Assert.That(m.MessageType, Is.EqualTo(type), "option 53");
        Assert.That(m.Op, Is.EqualTo(BootpOpCode.BootReply), "op");
        Assert.That(m.HardwareType, Is.EqualTo(HardwareType.InfiniBand), "htype 32 (RFC 4390 section 2.1)");
        Assert.That(m.HardwareAddressLength, Is.EqualTo(0), "hlen 0 (RFC 4390 section 2.1)");
        Assert.That(m.Raw.Slice(BootpFieldLocations.ChAddr, BootpFieldLocations.ChAddrLength).ToArray(), Is.All.EqualTo(0), "chaddr zero");
        Assert.That(m.IsBroadcast, Is.True, "broadcast flag");
        Assert.That(m.TransactionId, Is.EqualTo(request.TransactionId), "xid");
        Assert.That(ClientIdentifier.FromBytes(m.ClientIdentifier), Is.EqualTo(request.ClientId), "option 61 echoed (RFC 6842)");
    }
}
