using System.Net.Sockets;
using IPoIBDhcp.Engine.Linux;

namespace IPoIBDhcp.Engine.PacketSocket;

/// <summary>
/// Opens Linux <c>AF_PACKET</c>/<c>SOCK_DGRAM</c> ports, as ISC's LPF code does: the way to reach DHCP
/// clients on an IPoIB (or Ethernet) link before they have addresses.
/// </summary>
/// <remarks>
/// <see cref="OpenAsync"/> completes synchronously and does all its work on the calling thread, so a caller
/// that switched its thread into a network namespace (<c>setns</c>) gets a port in that namespace. The socket
/// is created with protocol 0 (receiving nothing), then gets its kernel filter, then is bound to the
/// interface and ETH_P_IP: no packet reaches it unfiltered.
/// </remarks>
/// <param name="sysfsRoot">Where to read interface attributes (tests pass a fake tree).</param>
public sealed class PacketSocketEngine(string sysfsRoot = SysfsNetClass.DefaultRoot) : IDatagramEngine
{
    /// <summary>Opens <paramref name="interfaceName"/> for UDP port <paramref name="localPort"/> (67 for a server, 68 for a client).</summary>
    /// <exception cref="ArgumentException">No such interface in the caller's network namespace.</exception>
    /// <exception cref="NotSupportedException">The link is neither Ethernet nor InfiniBand.</exception>
    /// <exception cref="SocketException">Not permitted (packet sockets need CAP_NET_RAW) or the interface vanished.</exception>
    public ValueTask<IDatagramPort> OpenAsync(string interfaceName, ushort localPort, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interfaceName);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IDatagramPort>(Open(interfaceName, localPort));
    }

    /// <summary>The synchronous form of <see cref="OpenAsync"/>, typed as the concrete port.</summary>
    /// <exception cref="ArgumentException">No such interface in the caller's network namespace.</exception>
    public PacketSocketPort Open(string interfaceName, ushort localPort)
    {
        ArgumentNullException.ThrowIfNull(interfaceName);
        int index = (int)Libc.if_nametoindex(interfaceName);
        if (index == 0)
        {
            throw new ArgumentException($"no interface '{interfaceName}' in this network namespace", nameof(interfaceName));
        }

        var socket = new Socket(AddressFamily.Packet, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            LinuxLinkInfo link = LinuxLinkReader.Read(socket, interfaceName, index, sysfsRoot);
            DhcpPortFilter.Attach(socket, DhcpPortFilter.Build(localPort));
            socket.Bind(new PacketEndPoint(PacketSocketAddress.Create(index, [])));
            return new PacketSocketPort(socket, link, localPort);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
