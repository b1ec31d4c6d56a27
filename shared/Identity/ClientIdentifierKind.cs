namespace IPoIBDhcp.Identity;

/// <summary>
/// Which producer's layout a DHCP client-identifier (option 61) follows. On an InfiniBand fabric the same
/// node sends different forms at different boot stages; knowing the form is what lets the server find the
/// port GUID inside each of them.
/// </summary>
public enum ClientIdentifierKind
{
    /// <summary>None of the forms below (or a default/empty identifier).</summary>
    Other = 0,

    /// <summary>
    /// FlexBoot on ConnectX: <c>ff</c>, IAID, DUID-EN with enterprise 0x000002c9 (Mellanox), a zero
    /// octet and the 8-byte GUID — 20 bytes in all.
    /// </summary>
    FlexBootConnectX,

    /// <summary>Type 32 (InfiniBand) followed by the 8-byte port GUID — 9 bytes (FlexBoot "HW type IB", Red Hat dhclient).</summary>
    InfiniBandGuid,

    /// <summary>Type 32 followed by the whole 20-byte IPoIB address — 21 bytes (old gPXE). Its QPN changes per boot.</summary>
    InfiniBandHardwareAddress,

    /// <summary>RFC 4361 form: type 255, 4-byte IAID, DUID (systemd-networkd, wicked, RFC 4390 clients).</summary>
    Rfc4361,

    /// <summary>Type 1 followed by a 6-byte MAC — 7 bytes. On IPoIB this is iPXE's MAC made from GUID bytes 0,1,2,5,6,7.</summary>
    EthernetMac,
}
