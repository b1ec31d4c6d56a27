namespace IPoIBDhcp.Server.Allocation;

/// <summary>What a <see cref="ClientKey"/> was derived from, strongest first.</summary>
public enum ClientKeyKind
{
    /// <summary>The port GUID carried by the client-id (FlexBoot, 20:+GUID, RFC 4361 with a GUID DUID, or iPXE's MAC of a known GUID).</summary>
    PortGuid,
    /// <summary>The client-id bytes, when they carry no GUID.</summary>
    ClientIdentifier,
    /// <summary>htype + chaddr, for clients that send no client-id (never for IPoIB, RFC 4390).</summary>
    HardwareAddress,
}
