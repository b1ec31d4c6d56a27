namespace IPoIBDhcp.Wire.Dhcp;

/// <summary>Option codes the protocol layers use by number (names live in the option table).</summary>
public static class DhcpOptionCode
{
    /// <summary>Pad: skipped, no length byte.</summary>
    public const byte Pad = 0;
    /// <summary>Subnet mask.</summary>
    public const byte SubnetMask = 1;
    /// <summary>Routers.</summary>
    public const byte Routers = 3;
    /// <summary>Domain name servers.</summary>
    public const byte DomainNameServers = 6;
    /// <summary>Host name.</summary>
    public const byte HostName = 12;
    /// <summary>Domain name.</summary>
    public const byte DomainName = 15;
    /// <summary>Root path (diskless NFS root).</summary>
    public const byte RootPath = 17;
    /// <summary>Interface MTU.</summary>
    public const byte InterfaceMtu = 26;
    /// <summary>Broadcast address.</summary>
    public const byte BroadcastAddress = 28;
    /// <summary>Vendor-specific information.</summary>
    public const byte VendorEncapsulatedOptions = 43;
    /// <summary>Requested IP address (INIT-REBOOT, SELECTING).</summary>
    public const byte RequestedAddress = 50;
    /// <summary>Lease time in seconds.</summary>
    public const byte LeaseTime = 51;
    /// <summary>Option overload: 1 = file, 2 = sname, 3 = both carry options.</summary>
    public const byte OptionOverload = 52;
    /// <summary>DHCP message type.</summary>
    public const byte MessageType = 53;
    /// <summary>Server identifier.</summary>
    public const byte ServerIdentifier = 54;
    /// <summary>Parameter request list.</summary>
    public const byte ParameterRequestList = 55;
    /// <summary>Message (error text in NAKs).</summary>
    public const byte Message = 56;
    /// <summary>Maximum DHCP message size the client accepts.</summary>
    public const byte MaxMessageSize = 57;
    /// <summary>Renewal (T1) time.</summary>
    public const byte RenewalTime = 58;
    /// <summary>Rebinding (T2) time.</summary>
    public const byte RebindingTime = 59;
    /// <summary>Vendor class identifier ("PXEClient…").</summary>
    public const byte VendorClassIdentifier = 60;
    /// <summary>Client identifier: mandatory on IPoIB (RFC 4390).</summary>
    public const byte ClientIdentifier = 61;
    /// <summary>TFTP server name.</summary>
    public const byte TftpServerName = 66;
    /// <summary>Boot file name.</summary>
    public const byte BootfileName = 67;
    /// <summary>User class ("iPXE").</summary>
    public const byte UserClass = 77;
    /// <summary>Relay agent information (RFC 3046).</summary>
    public const byte RelayAgentInformation = 82;
    /// <summary>Client system architecture (RFC 4578).</summary>
    public const byte ClientArchitecture = 93;
    /// <summary>Subnet selection (RFC 3011).</summary>
    public const byte SubnetSelection = 118;
    /// <summary>End: terminates an options area.</summary>
    public const byte End = 255;
}
