namespace IPoIBDhcp.Server.Config;

/// <summary>The link types <c>hardware TYPE ADDRESS;</c> accepts; values are the ARP htype numbers the wire uses.</summary>
public enum HardwareKind : byte
{
    /// <summary>Ethernet: 6 bytes (also iPXE presenting IPoIB as Ethernet).</summary>
    Ethernet = 1,
    /// <summary>InfiniBand: a 20-byte IPoIB address or an 8-byte port GUID.</summary>
    InfiniBand = 32,
}
