namespace IPoIBDhcp.Client.Protocol;

/// <summary>
/// Which identifier an IPoIB interface derives from its port GUID when dhclient.conf configures none.
/// Chosen with the environment variable <c>IPOIBDHCP_CLIENT_ID_FORM</c> (not dhclient.conf, whose grammar
/// stays ISC's).
/// </summary>
public enum ClientIdForm
{
    /// <summary><c>flexboot</c> (default): FlexBoot's ConnectX form, so the OS keeps the address the boot ROM got.</summary>
    FlexBoot,
    /// <summary><c>rfc4390</c>: RFC 4361 form with DUID-LL (type 32) of the GUID, IAID = the GUID's low 32 bits.</summary>
    Rfc4390,
    /// <summary><c>guid</c>: type 32 followed by the GUID (FlexBoot's "HW type IB", Red Hat's dhclient).</summary>
    Guid,
}
