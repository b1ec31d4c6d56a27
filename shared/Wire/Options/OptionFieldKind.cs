namespace IPoIBDhcp.Wire.Options;

/// <summary>One element of an option's format, named after ISC's option type keywords (dhcp-options(5)).</summary>
public enum OptionFieldKind
{
    /// <summary><c>boolean</c>: one byte, 0 or 1 (ISC format letter f).</summary>
    Boolean,
    /// <summary><c>unsigned integer 8</c> (B).</summary>
    UInt8,
    /// <summary><c>unsigned integer 16</c> (S).</summary>
    UInt16,
    /// <summary><c>unsigned integer 32</c> (L).</summary>
    UInt32,
    /// <summary><c>signed integer 8</c> or <c>integer 8</c> (b).</summary>
    Int8,
    /// <summary><c>signed integer 16</c> (s).</summary>
    Int16,
    /// <summary><c>signed integer 32</c> (l).</summary>
    Int32,
    /// <summary><c>ip-address</c>: 4 bytes (I).</summary>
    IPv4Address,
    /// <summary><c>ip6-address</c>: 16 bytes (6).</summary>
    IPv6Address,
    /// <summary><c>text</c>: the rest of the option as ASCII (t).</summary>
    Text,
    /// <summary><c>string</c>: the rest of the option as bytes, written quoted or as colon-hex (X).</summary>
    String,
    /// <summary><c>domain-name</c>: one RFC 1035 name (d).</summary>
    DomainName,
    /// <summary><c>domain-list</c>: RFC 1035 names, optionally compressed within the option (D, Dc).</summary>
    DomainList,
    /// <summary><c>encapsulate SPACE</c>: the options of another space (E).</summary>
    Encapsulation,
    /// <summary><c>zerolen</c>: an option with no value (Z).</summary>
    ZeroLength,
}
