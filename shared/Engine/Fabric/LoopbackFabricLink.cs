using System.Net;
using System.Net.Sockets;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Engine.Fabric;

/// <summary>
/// Joins an engine's local switch to the same fabric in other processes: one UDP socket per engine on a
/// 127.0.0.0/8 address (127.T.P.P: T from the fabric name, P.P from the PID, so <c>ss -u</c> and
/// <c>tcpdump -i lo</c> show who is who), a registry entry listing the ports it hosts, and frames sent once per
/// remote process that hosts a member of the destination group — the receiving process fans them out.
/// </summary>
internal sealed class LoopbackFabricLink : IAsyncDisposable
{
    private readonly InProcessFabric fabric;
    private readonly FabricRegistry registry;
    private readonly Socket socket;
    private readonly CancellationTokenSource stop = new();
    private readonly Task receiving;
    private long sendErrors;

    private LoopbackFabricLink(InProcessFabric fabric, FabricRegistry registry, Socket socket)
    {
        this.fabric = fabric;
        this.registry = registry;
        this.socket = socket;
        EndPoint = (IPEndPoint)socket.LocalEndPoint!;
        receiving = ReceiveLoopAsync(stop.Token);
    }

    public IPEndPoint EndPoint { get; }

    public string RegistryFile => registry.OwnFile;

    public long SendErrors => Interlocked.Read(ref sendErrors);

    public static LoopbackFabricLink Start(InProcessFabric fabric, string registryDirectory, string entryName)
    {
        var registry = new FabricRegistry(registryDirectory, entryName);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.ReceiveBufferSize = 4 << 20;
            if (OperatingSystem.IsWindows())
                socket.IOControl(unchecked((int)0x9800000C), [0, 0, 0, 0], null); // SIO_UDP_CONNRESET off
            try
            {
                socket.Bind(new IPEndPoint(LoopbackAddress(fabric.Tag, Environment.ProcessId), 0));
            }
            catch (SocketException)
            {
                // Systems that configure only 127.0.0.1 on lo (macOS) get the plain loopback address.
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new LoopbackFabricLink(fabric, registry, socket);
    }

    /// <summary>127.T.P.P: T (1..254) from the fabric tag, P.P the PID's low 16 bits.</summary>
    internal static IPAddress LoopbackAddress(uint tag, int pid) =>
        new([127, (byte)(1 + ((tag >> 24) % 254)), (byte)(pid >> 8), (byte)pid]);

    public void Publish()
    {
        // Serialised, with the snapshot taken inside: concurrent opens and closes always leave the newest port list.
        lock (publishGate) registry.Publish(EndPoint, fabric.SnapshotPorts());
    }

    private readonly Lock publishGate = new();

    /// <summary>Sends a frame to every other process that needs it (sendto on loopback does not block).</summary>
    public void Send(FabricPacket packet)
    {
        FrameHeader header = packet.Header;
        if (header.UdpDestinationPort < 0)
            return;
        FabricRegistry.Snapshot peers = registry.Peers();
        ReadOnlySpan<byte> frame = packet.Frame;
        if (header.IsBroadcast)
        {
            uint group = ((uint)header.PKey.Base << 16) | (ushort)header.UdpDestinationPort;
            foreach (FabricRegistry.Peer peer in peers.Peers)
            {
                if (peer.Groups.Contains(group))
                    SendTo(frame, peer.Address);
            }
        }
        else if (peers.ByAddress.TryGetValue((header.DestinationGuid, header.DestinationQpn, (ushort)header.UdpDestinationPort), out FabricRegistry.Peer? peer))
        {
            SendTo(frame, peer.Address);
        }
    }

    public bool TryResolve(PKey pkey, IPv4Address address, out LinkAddress linkAddress)
    {
        if (registry.Peers().Neighbours.TryGetValue((pkey.Base, address.Value), out FabricRegistry.PeerPort port))
        {
            linkAddress = LinkAddress.FromIPoIB(new IPoIBHardwareAddress(0, port.Qpn, Gid.LinkLocal(new PortGuid(port.Guid))));
            return true;
        }
        linkAddress = default;
        return false;
    }

    private void SendTo(ReadOnlySpan<byte> frame, SocketAddress destination)
    {
        try
        {
            socket.SendTo(frame, SocketFlags.None, destination);
        }
        catch (SocketException)
        {
            // A peer that vanished between registry scans: the frame is lost, as on a link going down.
            Interlocked.Increment(ref sendErrors);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken token)
    {
        var from = new SocketAddress(AddressFamily.InterNetwork);
        while (!token.IsCancellationRequested)
        {
            FabricPacket packet = fabric.Pool.Rent();
            try
            {
                int length = await socket.ReceiveFromAsync(packet.Buffer.AsMemory(0, FabricPacket.BufferSize), SocketFlags.None, from, token).ConfigureAwait(false);
                // The loopback rule, on receive too: a frame from outside 127.0.0.0/8 is not the fabric's.
                if (from.Buffer.Span[4] != 127)
                    continue;
                packet.Length = length;
                fabric.Arrived(packet);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
            }
            catch (SocketException) when (!token.IsCancellationRequested)
            {
                // An unexpected error must not end the fabric for this process; pause so it cannot spin.
                await PauseAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            finally
            {
                packet.Release();
            }
        }
    }

    private static async Task PauseAsync(CancellationToken token)
    {
        try
        {
            await Task.Delay(10, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        registry.Remove();
        await stop.CancelAsync().ConfigureAwait(false);
        socket.Dispose();
        await receiving.ConfigureAwait(false);
        stop.Dispose();
    }
}
