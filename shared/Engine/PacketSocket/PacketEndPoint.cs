using System.Net;
using System.Net.Sockets;

namespace IPoIBDhcp.Engine.PacketSocket;

/// <summary>
/// Lets <see cref="Socket.Bind"/> take a sockaddr_ll: the BCL has no packet-socket endpoint type, but any
/// <see cref="EndPoint"/> that serializes to the right bytes will do.
/// </summary>
internal sealed class PacketEndPoint(SocketAddress address) : EndPoint
{
    /// <inheritdoc/>
    public override AddressFamily AddressFamily => AddressFamily.Packet;

    /// <inheritdoc/>
    public override SocketAddress Serialize() => address;

    /// <inheritdoc/>
    public override EndPoint Create(SocketAddress socketAddress) => new PacketEndPoint(socketAddress);
}
