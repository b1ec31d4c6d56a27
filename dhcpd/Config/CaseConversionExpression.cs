namespace IPoIBDhcp.Server.Config;

/// <summary><c>lcase (DATA)</c> or <c>ucase (DATA)</c>: ASCII letters folded (C's tolower/toupper in the C locale, as ISC).</summary>
/// <param name="Data">The bytes to fold.</param>
/// <param name="Upper">True for <c>ucase</c>.</param>
public sealed record CaseConversionExpression(DataExpression Data, bool Upper) : DataExpression
{
    /// <inheritdoc/>
    public override ReadOnlyMemory<byte>? Evaluate(IOptionSource request)
    {
        if (Data.Evaluate(request) is not { } value) return null;
        var bytes = value.ToArray();
        for (int i = 0; i < bytes.Length; i++)
        {
            byte b = bytes[i];
            if (Upper && b is >= (byte)'a' and <= (byte)'z') bytes[i] = (byte)(b - 32);
            else if (!Upper && b is >= (byte)'A' and <= (byte)'Z') bytes[i] = (byte)(b + 32);
        }
        return bytes;
    }
}
