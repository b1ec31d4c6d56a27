namespace IPoIBDhcp.Wire.Options;

/// <summary>
/// One row of the option table: how an option is named in dhcpd.conf, dhclient.conf, lease files and
/// the dhclient-script environment, and how its bytes are laid out. Every layer reads the same row,
/// so a name or format can never disagree between them.
/// </summary>
/// <param name="Code">Option code, 1..254.</param>
/// <param name="Name">ISC name, e.g. <c>dhcp-client-identifier</c>.</param>
/// <param name="Type">Element format.</param>
/// <param name="IsArray">True when the value is a list of elements (<c>routers</c>, <c>domain-name-servers</c>).</param>
public sealed record DhcpOptionDefinition(byte Code, string Name, OptionValueType Type, bool IsArray = false)
{
    /// <summary>The name with '-' replaced by '_', as dhclient-script variables spell it (<c>new_domain_name_servers</c>).</summary>
    public string EnvironmentName { get; } = Name.Replace('-', '_');

    /// <summary>Size of one element, or 0 for variable-length types.</summary>
    public int ElementSize => Type switch
    {
        OptionValueType.IPv4Address => 4,
        OptionValueType.IPv4AddressPair => 8,
        OptionValueType.UInt8 or OptionValueType.Int8 or OptionValueType.Boolean => 1,
        OptionValueType.UInt16 or OptionValueType.Int16 => 2,
        OptionValueType.UInt32 or OptionValueType.Int32 => 4,
        _ => 0,
    };

    /// <summary>True when <paramref name="length"/> bytes are a well-formed value of this option.</summary>
    public bool IsValidLength(int length)
    {
        int size = ElementSize;
        if (size == 0) return Type is OptionValueType.Binary or OptionValueType.Encapsulated || length > 0;
        return IsArray ? length > 0 && length % size == 0 : length == size;
    }
}
