namespace IPoIBDhcp.Bench.BootStorm;

/// <summary>The three DHCP clients a diskless InfiniBand node runs in turn, each with its own client-id form.</summary>
internal enum BootStage
{
    /// <summary>The HCA's boot ROM: IPoIB framing (htype 32), FlexBoot client-id, PXE vendor class.</summary>
    FlexBoot,
    /// <summary>iPXE chain-loaded by FlexBoot: IPoIB presented as Ethernet (htype 1, MAC from the GUID), client-id 01:MAC, user-class iPXE.</summary>
    Ipxe,
    /// <summary>The booted OS's dhclient: RFC 4390 client-id, INIT-REBOOT with the address iPXE got.</summary>
    Os,
}
