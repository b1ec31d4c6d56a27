namespace IPoIBDhcp.Server.Config;

/// <summary>
/// <c>hardware</c>: the request's htype byte followed by the first hlen bytes of chaddr, as ISC. On IPoIB (RFC 4390)
/// hlen is 0, so this is the single byte 32. Null when there is no packet or hlen exceeds the 16-byte field.
/// </summary>
public sealed record HardwareExpression : DataExpression
{
    private const int HType = 1, HLen = 2, ChAddr = 28, ChAddrLength = 16;

    /// <inheritdoc/>
    public override ReadOnlyMemory<byte>? Evaluate(IOptionSource request)
    {
        var packet = request.Packet.Span;
        if (packet.Length < ChAddr + ChAddrLength || packet[HLen] > ChAddrLength) return null;
        var result = new byte[packet[HLen] + 1];
        result[0] = packet[HType];
        packet.Slice(ChAddr, packet[HLen]).CopyTo(result.AsSpan(1));
        return result;
    }
}
