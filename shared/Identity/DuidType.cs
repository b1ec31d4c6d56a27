namespace IPoIBDhcp.Identity;

/// <summary>
/// The DUID type code (RFC 8415 section 11) inside an RFC 4361 client-identifier. It decides where a
/// hardware address — and so a port GUID — can be found in the DUID.
/// </summary>
public enum DuidType : ushort
{
    /// <summary>Not an RFC 4361 identifier, so there is no DUID.</summary>
    None = 0,

    /// <summary>DUID-LLT: hardware type, time, link-layer address.</summary>
    LinkLayerPlusTime = 1,

    /// <summary>DUID-EN: enterprise number and an opaque identifier (FlexBoot puts a zero octet and the GUID there).</summary>
    EnterpriseNumber = 2,

    /// <summary>DUID-LL: hardware type and link-layer address.</summary>
    LinkLayer = 3,

    /// <summary>DUID-UUID (RFC 6355): a 16-byte UUID, unrelated to the port GUID.</summary>
    Uuid = 4,
}
