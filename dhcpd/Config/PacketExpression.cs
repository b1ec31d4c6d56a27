namespace IPoIBDhcp.Server.Config;

/// <summary>
/// <c>packet (OFFSET, LENGTH)</c>: bytes of the request as received, from the BOOTP header on; as ISC, an offset at or
/// past the end yields null and a length past the end is cut short.
/// </summary>
/// <param name="Offset">First byte.</param>
/// <param name="Length">Most bytes to take.</param>
public sealed record PacketExpression(NumericExpression Offset, NumericExpression Length) : DataExpression
{
    /// <inheritdoc/>
    public override ReadOnlyMemory<byte>? Evaluate(IOptionSource request)
    {
        var packet = request.Packet;
        if (Offset.Evaluate(request) is not { } offset || Length.Evaluate(request) is not { } length) return null;
        if (offset >= (ulong)packet.Length) return null;
        int start = (int)offset;
        return packet.Slice(start, (int)Math.Min(length, (ulong)(packet.Length - start)));
    }
}
