namespace IPoIBDhcp.Wire.Options;

/// <summary>
/// The value formats of DHCP options, named after ISC's option types so that <c>option … code N = …</c>
/// declarations and the shipped table speak the same language.
/// </summary>
public enum OptionValueType
{
    /// <summary>ISC <c>ip-address</c>: 4 bytes.</summary>
    IPv4Address,
    /// <summary>A pair of addresses (policy-filter, static-routes): 8 bytes.</summary>
    IPv4AddressPair,
    /// <summary>ISC <c>unsigned integer 8</c>.</summary>
    UInt8,
    /// <summary>ISC <c>unsigned integer 16</c>.</summary>
    UInt16,
    /// <summary>ISC <c>unsigned integer 32</c>.</summary>
    UInt32,
    /// <summary>ISC <c>signed integer 8</c>.</summary>
    Int8,
    /// <summary>ISC <c>signed integer 16</c>.</summary>
    Int16,
    /// <summary>ISC <c>signed integer 32</c>.</summary>
    Int32,
    /// <summary>ISC <c>boolean</c>: one byte, 0 or 1.</summary>
    Boolean,
    /// <summary>ISC <c>text</c>: NVT ASCII, written as a quoted string.</summary>
    Text,
    /// <summary>ISC <c>string</c>: opaque bytes, written as colon-hex or a quoted string.</summary>
    Binary,
    /// <summary>ISC <c>domain-list</c>: RFC 1035 encoded names (option 119).</summary>
    DomainList,
    /// <summary>Sub-options of another space (43, 82): kept as bytes, shown as colon-hex.</summary>
    Encapsulated,
}
