using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using IPoIBDhcp.Engine.PacketSocket;

namespace IPoIBDhcp.Tests.Engine.PacketSocket;

/// <summary>
/// A bare AF_PACKET socket that writes IPv4 bytes as they are, so tests can put on the wire what our own
/// port never would (bad checksums, IP options, other ports, broken lengths).
/// </summary>
internal sealed class RawInjector : IDisposable
{
    private readonly Socket socket;
    private readonly SocketAddress broadcast;

    private RawInjector(Socket socket, SocketAddress broadcast)
    {
        this.socket = socket;
        this.broadcast = broadcast;
    }

    /// <summary>Opens on <paramref name="interfaceName"/>; call inside the namespace.</summary>
    public static RawInjector Open(string interfaceName)
    {
        int index = NetworkInterface(interfaceName);
        var socket = new Socket(AddressFamily.Packet, SocketType.Dgram, ProtocolType.Unspecified);
        return new RawInjector(socket, PacketSocketAddress.Create(index, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
    }

    /// <summary>Broadcasts <paramref name="packet"/> (starting at the IPv4 header) on the link.</summary>
    public void Broadcast(ReadOnlySpan<byte> packet) => socket.SendTo(packet, SocketFlags.None, broadcast);

    public void Dispose() => socket.Dispose();

    private static int NetworkInterface(string name)
    {
        int index = (int)if_nametoindex(name);
        return index != 0 ? index : throw new ArgumentException($"no interface {name}", nameof(name));
    }

    [DllImport("libc", SetLastError = true)]
    private static extern uint if_nametoindex(string name);
}
