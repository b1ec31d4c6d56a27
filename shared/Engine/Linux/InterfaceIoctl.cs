using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Engine.Linux;

/// <summary>
/// <c>SIOCGIF*</c> ioctls on an open socket. Unlike <c>/sys/class/net</c>, which shows the network namespace
/// that mounted it, an ioctl answers for the namespace the socket was created in: a port opened inside a
/// test namespace (or a container) reads its own interface's MTU, flags and address, at any time, from any thread.
/// </summary>
internal static unsafe class InterfaceIoctl
{
    private const int RequestSize = 40; // struct ifreq on LP64: 16-byte name + 24-byte union
    private const int NameSize = 16;    // IFNAMSIZ, including the terminating zero
    private const int UnionOffset = 16;

    private const nuint SIOCGIFFLAGS = 0x8913;
    private const nuint SIOCGIFADDR = 0x8915;
    private const nuint SIOCGIFMTU = 0x8921;
    private const nuint SIOCGIFHWADDR = 0x8927;

    /// <summary>IFF_UP: administratively up.</summary>
    public const int FlagUp = 0x1;

    /// <summary>IFF_RUNNING: operationally up (carrier present; on IPoIB, the P_Key is in the port's table).</summary>
    public const int FlagRunning = 0x40;

    /// <summary>The interface flags (<c>IFF_*</c>, low 16 bits).</summary>
    public static int GetFlags(SafeHandle socket, string name)
    {
        byte* request = stackalloc byte[RequestSize];
        Invoke(socket, name, SIOCGIFFLAGS, request);
        return BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(request + UnionOffset, 2));
    }

    /// <summary>The interface MTU.</summary>
    public static int GetMtu(SafeHandle socket, string name)
    {
        byte* request = stackalloc byte[RequestSize];
        Invoke(socket, name, SIOCGIFMTU, request);
        return BinaryPrimitives.ReadInt32LittleEndian(new ReadOnlySpan<byte>(request + UnionOffset, 4));
    }

    /// <summary>
    /// The ARPHRD hardware type and up to 14 bytes of the hardware address (<c>sa_data</c> is 14 bytes, so a
    /// 20-byte IPoIB address comes back truncated: read that one from sysfs).
    /// </summary>
    public static (int HardwareType, byte[] Address) GetHardwareAddress(SafeHandle socket, string name)
    {
        byte* request = stackalloc byte[RequestSize];
        Invoke(socket, name, SIOCGIFHWADDR, request);
        var sockaddr = new ReadOnlySpan<byte>(request + UnionOffset, 16);
        int type = BinaryPrimitives.ReadUInt16LittleEndian(sockaddr);
        return (type, sockaddr[2..].ToArray());
    }

    /// <summary>The interface's primary IPv4 address, or null when it has none.</summary>
    public static IPv4Address? GetIPv4Address(SafeHandle socket, string name)
    {
        byte* request = stackalloc byte[RequestSize];
        if (!TryInvoke(socket, name, SIOCGIFADDR, request, out int errno))
        {
            return errno == Libc.EADDRNOTAVAIL ? null : throw new SocketException(errno);
        }

        // struct sockaddr_in: family (2), port (2), address (4, network order).
        return IPv4Address.Read(new ReadOnlySpan<byte>(request + UnionOffset + 4, 4));
    }

    private static void Invoke(SafeHandle socket, string name, nuint command, byte* request)
    {
        if (!TryInvoke(socket, name, command, request, out int errno))
        {
            throw new SocketException(errno);
        }
    }

    private static bool TryInvoke(SafeHandle socket, string name, nuint command, byte* request, out int errno)
    {
        var span = new Span<byte>(request, RequestSize);
        span.Clear();
        if (Encoding.ASCII.GetByteCount(name) >= NameSize)
        {
            throw new ArgumentException($"interface name '{name}' is longer than 15 characters", nameof(name));
        }

        Encoding.ASCII.GetBytes(name, span);
        if (Libc.ioctl(socket, command, request) == 0)
        {
            errno = 0;
            return true;
        }

        errno = Marshal.GetLastPInvokeError();
        return false;
    }
}
