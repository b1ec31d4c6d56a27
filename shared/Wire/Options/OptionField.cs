namespace IPoIBDhcp.Wire.Options;

/// <summary>One field of an option's format.</summary>
/// <param name="Kind">What the field holds.</param>
/// <param name="Repeats">ISC's <c>array of T</c> inside a record (format letter a): the field repeats, its values separated by commas.</param>
/// <param name="Compressed">For <c>domain-list compressed</c>: names are compressed within the option (RFC 1035 4.1.4).</param>
/// <param name="Space">For <c>encapsulate SPACE</c>: the space whose options fill the field; empty for option 43's "the vendor option space in force".</param>
public sealed record OptionField(OptionFieldKind Kind, bool Repeats = false, bool Compressed = false, string? Space = null)
{
    /// <summary>Bytes of one value of the field, or 0 when its length varies.</summary>
    public int Size => Kind switch
    {
        OptionFieldKind.Boolean or OptionFieldKind.UInt8 or OptionFieldKind.Int8 => 1,
        OptionFieldKind.UInt16 or OptionFieldKind.Int16 => 2,
        OptionFieldKind.UInt32 or OptionFieldKind.Int32 or OptionFieldKind.IPv4Address => 4,
        OptionFieldKind.IPv6Address => 16,
        _ => 0,
    };

    /// <summary>True when the field takes the rest of the option, so nothing can follow it in a record.</summary>
    public bool TakesRest => Kind is OptionFieldKind.Text or OptionFieldKind.String or OptionFieldKind.DomainName
        or OptionFieldKind.DomainList or OptionFieldKind.ZeroLength or OptionFieldKind.Encapsulation;
}
