using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using IPoIBDhcp.Engine.Linux;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Ip;

namespace IPoIBDhcp.Engine.PacketSocket;

/// <summary>
/// A packet-socket port: the path a real <c>ib0</c> takes. The socket sees IPv4 from the IP header on
/// (SOCK_DGRAM), so the kernel adds and strips the Ethernet or IPoIB header while this port writes and checks
/// IPv4+UDP itself; that is what lets a server answer clients that have no address yet and receive
/// broadcasts to 255.255.255.255 on a link where it owns no address.
/// </summary>
/// <remarks>
/// Receiving waits for readability with a zero-byte <c>MSG_PEEK</c> receive on the runtime's socket engine
/// (epoll, no thread per port), then drains with non-blocking <c>recvmsg</c> to get the sender's
/// <c>sockaddr_ll</c> and the PACKET_AUXDATA checksum status that the BCL does not surface. The async
/// state machines are pooled, so a steady receive loop does not allocate per datagram.
/// </remarks>
public sealed class PacketSocketPort : IBlockingDatagramPort, IDrainableDatagramPort
{
    private const int ReceiveBufferSize = 65536; // any IPv4 datagram
    private const int SolPacket = 263;
    private const int PacketAuxData = 8;
    private const uint StatusChecksumNotReady = 0x8; // TP_STATUS_CSUMNOTREADY: offloaded, not yet computed
    private const uint StatusChecksumValid = 0x80;   // TP_STATUS_CSUM_VALID: verified by the NIC
    private const byte PacketBroadcast = 1;          // PACKET_BROADCAST
    private const byte PacketOutgoing = 4;           // PACKET_OUTGOING

    private readonly Socket socket;
    private readonly LinuxLinkInfo link;
    private readonly ushort localPort;
    private readonly SocketAddress broadcastDestination;
    private readonly byte[] receiveBuffer = GC.AllocateArray<byte>(ReceiveBufferSize, pinned: true);
    private readonly SemaphoreSlim receiveGate = new(1, 1);
    private int disposed;

    internal PacketSocketPort(Socket socket, LinuxLinkInfo link, ushort localPort)
    {
        this.socket = socket;
        this.link = link;
        this.localPort = localPort;
        broadcastDestination = PacketSocketAddress.Create(link.Index, link.Broadcast.Span);
        socket.SetRawSocketOption(SolPacket, PacketAuxData, BitConverter.GetBytes(1));
    }

    /// <inheritdoc/>
    public string Name => link.Name;

    /// <inheritdoc/>
    public LinkType LinkType => link.LinkType;

    /// <inheritdoc/>
    public LinkAddress LinkAddress => link.Address;

    /// <inheritdoc/>
    public LinkAddress BroadcastAddress => link.Broadcast;

    /// <inheritdoc/>
    public PKey? PKey => link.PKey;

    /// <summary>The interface MTU when the port was opened.</summary>
    public int Mtu => link.Mtu;

    /// <summary>The UDP port this port receives on.</summary>
    public ushort LocalPort => localPort;

    /// <summary>Up and running (IFF_UP and IFF_RUNNING), read live through the port's socket; false once disposed.</summary>
    public bool HasCarrier
    {
        get
        {
            if (Volatile.Read(ref disposed) != 0) return false;
            int flags;
            try
            {
                flags = InterfaceIoctl.GetFlags(socket.SafeHandle, link.Name);
            }
            catch (ObjectDisposedException)
            {
                return false; // disposed between the check and the call
            }
            const int upAndRunning = InterfaceIoctl.FlagUp | InterfaceIoctl.FlagRunning;
            return (flags & upAndRunning) == upAndRunning;
        }
    }

    /// <summary>
    /// Everything but routed sends. The sender's link address is reported only where the kernel can parse
    /// the link header: Ethernet yes; the IPoIB driver has no <c>header_ops->parse</c>, so on InfiniBand the
    /// kernel reports no source address.
    /// </summary>
    public PortCapabilities Capabilities =>
        PortCapabilities.LinkBroadcast | PortCapabilities.LinkUnicast | PortCapabilities.ReceivesUnconfigured
        | PortCapabilities.SoftwareChecksums
        | (link.LinkType == LinkType.Ethernet ? PortCapabilities.ReportsLinkSource : PortCapabilities.None);

    /// <summary>The interface's primary IPv4 address, read live (a client's address appears after it binds).</summary>
    public IPv4Address? LocalAddress => InterfaceIoctl.GetIPv4Address(socket.SafeHandle, link.Name);

    /// <inheritdoc/>
    /// <exception cref="NotSupportedException">Always: the address is the kernel interface's (dhclient-script sets it).</exception>
    public void AssignLocalAddress(IPv4Address? address) =>
        throw new NotSupportedException($"{Name}: the address of a kernel interface is set with ip addr (Capabilities has no OwnsAddress)");

    /// <inheritdoc/>
    public PortCounters Counters { get; } = new();

    /// <summary>
    /// Sends on the link. <see cref="LinkTargetKind.Routed"/> is not supported: a packet socket has no
    /// routing or neighbour resolution; routed traffic (relays, renewals) goes through a UDP port.
    /// A source of 0.0.0.0 and a destination of 255.255.255.255 are allowed, as a DHCP client needs.
    /// </summary>
    /// <exception cref="NotSupportedException"><paramref name="target"/> is routed.</exception>
    /// <exception cref="ArgumentException">A unicast link address of the wrong length for this link.</exception>
    /// <remarks>
    /// Broadcasts allocate nothing per send (a pooled packet buffer, a cached destination); a unicast allocates
    /// its small destination <see cref="SocketAddress"/>. An interface that is down counts
    /// <see cref="DropReason.NoCarrier"/> instead of throwing.
    /// </remarks>
    public ValueTask SendAsync(ReadOnlyMemory<byte> payload, DatagramEndpoints endpoints, LinkTarget target, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        SocketAddress destination = target.Kind switch
        {
            LinkTargetKind.Broadcast => broadcastDestination,
            LinkTargetKind.Unicast when target.Address.Length == link.Address.Length =>
                PacketSocketAddress.Create(link.Index, target.Address.Span),
            LinkTargetKind.Unicast => throw new ArgumentException(
                $"{link.Name}: link addresses are {link.Address.Length} bytes, not {target.Address.Length}", nameof(target)),
            _ => throw new NotSupportedException($"{link.Name}: a packet port sends on its link only; routed sends go through a UDP port"),
        };

        int length = IPv4UdpCodec.HeadersLength + payload.Length;
        if (length > link.Mtu)
        {
            Counters.Dropped(DropReason.Mtu);
            return ValueTask.CompletedTask;
        }

        byte[] packet = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var ip = new IPv4UdpEndpoints(endpoints.Source.Value, endpoints.SourcePort, endpoints.Destination.Value, endpoints.DestinationPort);
            IPv4UdpCodec.Write(packet, ip, payload.Span);
            // Synchronous, as the UDP port: concurrent SendToAsync calls on one socket crashed inside the runtime under load.
            socket.SendTo(packet.AsSpan(0, length), SocketFlags.None, destination);
            Counters.Sent(payload.Length);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.NetworkDown || e.NativeErrorCode == 6 /* ENXIO */)
        {
            Counters.Dropped(DropReason.NoCarrier);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.MessageSize)
        {
            Counters.Dropped(DropReason.Mtu); // the MTU shrank since the port opened
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(packet);
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Concurrent calls are served one at a time. A payload larger than <paramref name="buffer"/> is dropped
    /// and counted as <see cref="DropReason.Mtu"/>: size the buffer for <see cref="Mtu"/>.
    /// </remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ReceivedDatagram> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        await receiveGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (ReceiveOnce(buffer.Span, out ReceivedDatagram datagram))
                {
                    case ReceiveStep.Delivered:
                        return datagram;
                    case ReceiveStep.NothingQueued:
                        await WaitReadableAsync(cancellationToken).ConfigureAwait(false);
                        break;
                }
            }
        }
        finally
        {
            receiveGate.Release();
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// A non-blocking recvmsg, and a poll of at most 250 ms only when nothing is queued: under load one system call
    /// per frame. Payloads larger than <paramref name="buffer"/> are dropped as in <see cref="ReceiveAsync"/>.
    /// </remarks>
    public ReceivedDatagram Receive(Span<byte> buffer, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        receiveGate.Wait(cancellationToken);
        bool waited = false;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
                switch (ReceiveOnce(buffer, out ReceivedDatagram datagram))
                {
                    case ReceiveStep.Delivered:
                        mayHaveQueued = !waited;
                        return datagram;
                    case ReceiveStep.NothingQueued:
                        WaitReadable();
                        waited = true;
                        break;
                }
            }
        }
        finally
        {
            receiveGate.Release();
        }
    }

    // Set by Receive: its datagram was already queued when asked for (so more may be).
    private volatile bool mayHaveQueued;

    /// <inheritdoc/>
    public bool MayHaveQueued => mayHaveQueued;

    /// <inheritdoc/>
    public bool TryReceive(Span<byte> buffer, out ReceivedDatagram datagram)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        receiveGate.Wait();
        try
        {
            while (true)
            {
                ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
                switch (ReceiveOnce(buffer, out datagram))
                {
                    case ReceiveStep.Delivered:
                        return true;
                    case ReceiveStep.NothingQueued:
                        return false;
                }
            }
        }
        finally
        {
            receiveGate.Release();
        }
    }

    /// <summary>
    /// One non-blocking recvmsg, shared by both receive paths: a frame for this port, nothing queued, or something to
    /// retry at once (an interrupted call, a link-down report, a frame filtered out). Other errors throw.
    /// </summary>
    private ReceiveStep ReceiveOnce(Span<byte> buffer, out ReceivedDatagram datagram)
    {
        datagram = default;
        int received = ReceiveRaw(out RawMetadata metadata, out int errno);
        if (received >= 0)
            return TryDeliver(received, metadata, buffer, out datagram) ? ReceiveStep.Delivered : ReceiveStep.Retry;
        if (errno == Libc.EAGAIN)
            return ReceiveStep.NothingQueued;
        if (errno != Libc.EINTR && errno != Libc.ENETDOWN)
            throw new SocketException(errno);
        return ReceiveStep.Retry;
    }

    private enum ReceiveStep
    {
        Delivered,
        NothingQueued,
        Retry,
    }

    private void WaitReadable()
    {
        try
        {
            socket.Poll(TimeSpan.FromMilliseconds(250), SelectMode.SelectRead);
        }
        catch (ObjectDisposedException e)
        {
            throw new ObjectDisposedException(ToString(), e);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.NetworkDown)
        {
            // A link going down is reported once; the binding resumes when it comes back up (as ReceiveAsync).
        }
    }

    /// <summary>Closes the socket; a pending receive ends with <see cref="ObjectDisposedException"/>.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            socket.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public override string ToString() => $"packet:{link.Name}:{localPort}";

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WaitReadableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.Peek, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.OperationAborted && Volatile.Read(ref disposed) != 0)
        {
            throw new ObjectDisposedException(ToString(), e);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.NetworkDown)
        {
            // The kernel reports a link going down once (sk_err); the binding survives and resumes when it
            // comes back up, so a link flap must not end the receive loop.
        }
    }

    private bool TryDeliver(int received, in RawMetadata metadata, Span<byte> buffer, out ReceivedDatagram datagram)
    {
        datagram = default;
        if (metadata.PacketType == PacketOutgoing)
        {
            return false; // the filter drops these; never count our own transmissions
        }

        if ((metadata.MessageFlags & Libc.MSG_TRUNC) != 0)
        {
            Counters.Dropped(DropReason.Malformed); // longer than any IPv4 datagram
            return false;
        }

        bool trusted = (metadata.Status & (StatusChecksumNotReady | StatusChecksumValid)) != 0;
        ChecksumPolicy policy = trusted ? ChecksumPolicy.TrustHardware : ChecksumPolicy.Verify;
        if (!UdpDelivery.TryCopyPayload(receiveBuffer.AsSpan(0, received), policy, localPort, buffer, Counters, out UdpPacketView view))
            return false;

        ChecksumStatus checksum = view.ChecksumState switch
        {
            UdpChecksumState.Absent => ChecksumStatus.Absent,
            UdpChecksumState.Trusted => ChecksumStatus.VerifiedByHardware,
            _ => ChecksumStatus.VerifiedBySoftware,
        };
        datagram = new ReceivedDatagram(
            view.Payload.Length,
            new DatagramEndpoints(new IPv4Address(view.SourceAddress), view.SourcePort, new IPv4Address(view.DestinationAddress), view.DestinationPort),
            metadata.Source,
            link.PKey,
            checksum,
            metadata.PacketType == PacketBroadcast);
        return true;
    }

    /// <summary>One non-blocking recvmsg into the receive buffer: bytes received, or -1 and errno.</summary>
    private unsafe int ReceiveRaw(out RawMetadata metadata, out int errno)
    {
        metadata = default;
        byte* name = stackalloc byte[PacketSocketAddress.Size];
        byte* control = stackalloc byte[64]; // CMSG_SPACE(sizeof(struct tpacket_auxdata)) = 40
        fixed (byte* data = receiveBuffer)
        {
            var vector = new Libc.IOVector { Base = data, Length = (nuint)receiveBuffer.Length };
            var message = new Libc.MessageHeader
            {
                Name = name,
                NameLength = PacketSocketAddress.Size,
                IOVectors = &vector,
                IOVectorCount = 1,
                Control = control,
                ControlLength = 64,
            };
            nint received = Libc.recvmsg(socket.SafeHandle, &message, Libc.MSG_DONTWAIT);
            if (received < 0)
            {
                errno = Marshal.GetLastPInvokeError();
                return -1;
            }

            errno = 0;
            metadata = new RawMetadata(
                ReadAuxDataStatus(new ReadOnlySpan<byte>(control, (int)message.ControlLength)),
                ReadSource(new ReadOnlySpan<byte>(name, (int)Math.Min(message.NameLength, (uint)PacketSocketAddress.Size)), out byte packetType),
                packetType,
                message.Flags);
            return (int)received;
        }
    }

    /// <summary>Walks the control messages for PACKET_AUXDATA and returns its <c>tp_status</c> (0 when absent).</summary>
    private static uint ReadAuxDataStatus(ReadOnlySpan<byte> control)
    {
        // struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; } then data, each aligned to 8.
        const int headerSize = 16;
        while (control.Length >= headerSize)
        {
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(control);
            int level = BinaryPrimitives.ReadInt32LittleEndian(control[8..]);
            int type = BinaryPrimitives.ReadInt32LittleEndian(control[12..]);
            if (length < headerSize || length > (ulong)control.Length)
            {
                return 0;
            }

            if (level == SolPacket && type == PacketAuxData && length >= headerSize + 4)
            {
                return BinaryPrimitives.ReadUInt32LittleEndian(control[headerSize..]); // tpacket_auxdata.tp_status
            }

            int next = (int)((length + 7) & ~7UL);
            control = next >= control.Length ? default : control[next..];
        }

        return 0;
    }

    /// <summary>Reads <c>sll_pkttype</c> and the <c>sll_halen</c> address bytes of a sockaddr_ll.</summary>
    private static LinkAddress ReadSource(ReadOnlySpan<byte> sockaddr, out byte packetType)
    {
        packetType = 0;
        if (sockaddr.Length < PacketSocketAddress.AddressOffset)
        {
            return default;
        }

        packetType = sockaddr[10];
        int length = Math.Min(sockaddr[11], sockaddr.Length - PacketSocketAddress.AddressOffset);
        return new LinkAddress(sockaddr.Slice(PacketSocketAddress.AddressOffset, length));
    }

    private readonly record struct RawMetadata(uint Status, LinkAddress Source, byte PacketType, int MessageFlags);
}
