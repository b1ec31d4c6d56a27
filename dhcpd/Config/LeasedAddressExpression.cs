namespace IPoIBDhcp.Server.Config;

/// <summary><c>leased-address</c>: the four bytes of the address being given, or null before one is chosen.</summary>
public sealed record LeasedAddressExpression : DataExpression
{
    /// <inheritdoc/>
    public override ReadOnlyMemory<byte>? Evaluate(IOptionSource request)
    {
        if (request.LeasedAddress is not { } address) return null;
        var bytes = new byte[4];
        address.Write(bytes);
        return bytes;
    }
}
