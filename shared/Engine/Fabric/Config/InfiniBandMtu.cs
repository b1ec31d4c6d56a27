namespace IPoIBDhcp.Engine.Fabric.Config;

/// <summary>
/// The IBTA MTU codes OpenSM's <c>mtu=</c> flag uses (1=256 … 5=4096) and the IPoIB datagram MTU they give:
/// the IB MTU minus the 4-byte IPoIB encapsulation header (2044 on a 2K partition, 4092 on 4K).
/// </summary>
public static class InfiniBandMtu
{
    /// <summary>Bytes of the IPoIB encapsulation header that the IB MTU has to carry as well.</summary>
    public const int EncapsulationOverhead = 4;

    /// <summary>OpenSM's default when a partition gives no <c>mtu=</c>: code 4 (2048).</summary>
    public const int DefaultCode = 4;

    /// <summary>Bytes of an IB MTU code; false for anything but 1..5.</summary>
    public static bool TryFromCode(int code, out int bytes)
    {
        bytes = code is >= 1 and <= 5 ? 128 << code : 0;
        return bytes != 0;
    }

    /// <summary>The code of an IB MTU in bytes (256, 512, 1024, 2048, 4096); false for other sizes.</summary>
    public static bool TryToCode(int bytes, out int code)
    {
        code = bytes switch { 256 => 1, 512 => 2, 1024 => 3, 2048 => 4, 4096 => 5, _ => 0 };
        return code != 0;
    }

    /// <summary>The IPoIB datagram-mode MTU (largest IP datagram) on a link of <paramref name="ibMtuBytes"/>.</summary>
    public static int DatagramMtu(int ibMtuBytes) => ibMtuBytes - EncapsulationOverhead;
}
