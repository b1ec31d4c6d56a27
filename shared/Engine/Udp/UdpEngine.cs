using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Engine.Udp;

/// <summary>
/// The plain UDP socket backend: relayed traffic to a server bound to <c>ADDRESS:67</c>, and a client's unicast
/// renewals. The kernel does IP, routing and checksums; there is no link layer to broadcast on or to address,
/// which <see cref="PortCapabilities.None"/> tells the protocol code.
/// </summary>
public sealed class UdpEngine : IDatagramEngine
{
    private readonly UdpEngineOptions options;

    /// <summary>Creates the engine.</summary>
    public UdpEngine(UdpEngineOptions? options = null) => this.options = options ?? new UdpEngineOptions();

    /// <inheritdoc/>
    /// <param name="interfaceName"><c>udp:ADDRESS:PORT</c>, or <c>udp:ADDRESS</c> to bind <paramref name="localPort"/>; port 0 picks an ephemeral port.</param>
    /// <param name="localPort">Port used when the name gives none.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <exception cref="ArgumentException">Not a <c>udp:</c> name.</exception>
    /// <exception cref="SocketException">The address cannot be bound (in use, not local, or needs privileges).</exception>
    public ValueTask<IDatagramPort> OpenAsync(string interfaceName, ushort localPort, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!UdpInterfaceName.TryParse(interfaceName, out IPv4Address address, out ushort? namedPort))
            throw new ArgumentException($"'{interfaceName}' is not a UDP interface name (udp:ADDRESS[:PORT], e.g. udp:127.0.0.1:67)", nameof(interfaceName));
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.ReceiveBufferSize = options.ReceiveBufferSize;
            if (options.ReuseAddress)
                SetReuseAddress(socket);
            if (OperatingSystem.IsWindows())
                socket.IOControl(unchecked((int)0x9800000C), [0, 0, 0, 0], null); // SIO_UDP_CONNRESET off: ICMP must not fail receives
            socket.Bind(new IPEndPoint(address.ToIPAddress(), namedPort ?? localPort));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        int mtu = options.Mtu ?? InterfaceMtu(address);
        return ValueTask.FromResult<IDatagramPort>(new UdpPort(socket, mtu));
    }

    /// <summary>
    /// SO_REUSEADDR alone: .NET's <see cref="SocketOptionName.ReuseAddress"/> also sets SO_REUSEPORT on Unix, which on
    /// Linux would let another process bind the very same address and take a share of its datagrams.
    /// </summary>
    private static void SetReuseAddress(Socket socket)
    {
        if (OperatingSystem.IsLinux())
            socket.SetRawSocketOption(1 /* SOL_SOCKET */, 2 /* SO_REUSEADDR */, BitConverter.GetBytes(1));
        else
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
    }

    /// <summary>The MTU of the interface owning <paramref name="address"/>, capped at the IPv4 maximum; 1500 if unknown.</summary>
    private static int InterfaceMtu(IPv4Address address)
    {
        if (address.IsAny)
            return 1500;
        IPAddress ip = address.ToIPAddress();
        try
        {
            foreach (NetworkInterface nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                IPInterfaceProperties properties = nic.GetIPProperties();
                if (properties.UnicastAddresses.Any(u => u.Address.Equals(ip)))
                {
                    int mtu = properties.GetIPv4Properties()?.Mtu ?? 1500;
                    return Math.Clamp(mtu, 576, ushort.MaxValue);
                }
            }
        }
        catch (NetworkInformationException)
        {
        }
        return IPAddress.IsLoopback(ip) ? ushort.MaxValue : 1500;
    }
}
