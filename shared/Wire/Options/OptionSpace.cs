namespace IPoIBDhcp.Wire.Options;

/// <summary>
/// An option space (ISC's "universe"): a name and how its options are framed on the wire. The DHCP space frames
/// each option as a 1-byte code and a 1-byte length; a space declared with <c>option space NAME code width 2
/// length width 2;</c> frames its sub-options with wider fields. Sub-options of a space are carried inside the
/// option that encapsulates it (<c>option X code N = encapsulate NAME;</c>).
/// </summary>
/// <param name="Name">The space's name as declared (<c>dhcp</c>, <c>agent</c>, <c>ipxe</c>).</param>
/// <param name="CodeWidth">Bytes of an option code: 1, 2 or 4.</param>
/// <param name="LengthWidth">Bytes of an option length: 1 or 2.</param>
/// <param name="HashSize">ISC's <c>hash size</c>: accepted and kept for printing, it changes nothing on the wire.</param>
public sealed record OptionSpace(string Name, int CodeWidth = 1, int LengthWidth = 1, int HashSize = 0)
{
    /// <summary>The DHCP space itself: top-level options.</summary>
    public const string Dhcp = "dhcp";

    /// <summary>The largest option code the code width can carry (1-byte codes leave out 255, the end mark).</summary>
    public uint MaxCode => CodeWidth switch { 1 => 254, 2 => ushort.MaxValue, _ => uint.MaxValue };

    /// <summary>The longest value one sub-option of this space can carry.</summary>
    public int MaxLength => LengthWidth == 1 ? byte.MaxValue : ushort.MaxValue;

    /// <summary>Appends one option of this space: code, length, value, each field at its declared width, big-endian.</summary>
    public void Append(List<byte> output, uint code, ReadOnlySpan<byte> value)
    {
        for (int i = CodeWidth - 1; i >= 0; i--) output.Add((byte)(code >> (8 * i)));
        for (int i = LengthWidth - 1; i >= 0; i--) output.Add((byte)(value.Length >> (8 * i)));
        foreach (byte b in value) output.Add(b);
    }
}
