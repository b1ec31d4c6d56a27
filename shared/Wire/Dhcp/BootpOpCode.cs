namespace IPoIBDhcp.Wire.Dhcp;

/// <summary>The BOOTP op field: which direction a message travels.</summary>
public enum BootpOpCode : byte
{
    /// <summary>Client (or relay) to server.</summary>
    BootRequest = 1,
    /// <summary>Server to client (or relay).</summary>
    BootReply = 2,
}
