using System.Net.Sockets;

namespace IPoIBDhcp.Engine.Linux;

/// <summary>
/// Combines the two views of an interface: ioctls on an open socket (always the socket's own network
/// namespace, but the hardware address is cut to 14 bytes) and sysfs (the whole IPoIB address, broadcast
/// and P_Key, but possibly another namespace's). Sysfs is used when its <c>ifindex</c> and <c>type</c>
/// agree with the socket's view; an Ethernet-like link falls back to the ioctl data, an IPoIB link cannot.
/// </summary>
public static class LinuxLinkReader
{
    private static readonly byte[] EthernetBroadcast = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff];

    /// <summary>Reads the interface <paramref name="name"/> as seen from <paramref name="socket"/>'s namespace.</summary>
    /// <param name="socket">Any open socket created in the interface's network namespace.</param>
    /// <param name="name">Interface name.</param>
    /// <param name="index">The interface index in that namespace (from <c>if_nametoindex</c>).</param>
    /// <param name="sysfsRoot">Usually <see cref="SysfsNetClass.DefaultRoot"/>.</param>
    /// <exception cref="NotSupportedException">The link is neither Ethernet nor InfiniBand.</exception>
    /// <exception cref="InvalidOperationException">An IPoIB link whose sysfs entry belongs to another namespace.</exception>
    /// <exception cref="SocketException">The interface vanished.</exception>
    public static LinuxLinkInfo Read(Socket socket, string name, int index, string sysfsRoot = SysfsNetClass.DefaultRoot)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(name);
        (int type, byte[] hardware) = InterfaceIoctl.GetHardwareAddress(socket.SafeHandle, name);
        int mtu = InterfaceIoctl.GetMtu(socket.SafeHandle, name);
        if (type is not (LinuxLinkInfo.HardwareTypeEthernet or LinuxLinkInfo.HardwareTypeInfiniBand))
        {
            throw new NotSupportedException($"{name}: link type {type} is neither Ethernet (1) nor InfiniBand (32)");
        }

        if (SysfsNetClass.TryRead(sysfsRoot, name, out LinuxLinkInfo fromSysfs)
            && fromSysfs.Index == index
            && fromSysfs.HardwareType == type)
        {
            return fromSysfs with { Mtu = mtu };
        }

        if (type == LinuxLinkInfo.HardwareTypeInfiniBand)
        {
            throw new InvalidOperationException(
                $"{name}: the 20-byte IPoIB address is only in {sysfsRoot}, which shows another network namespace " +
                "(or lacks the interface); run inside 'ip netns exec', which remounts /sys");
        }

        return new LinuxLinkInfo(name, index, type, new LinkAddress(hardware.AsSpan(0, 6)), new LinkAddress(EthernetBroadcast), mtu, null);
    }
}
