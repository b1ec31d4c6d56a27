using System.Threading.Channels;
using IPoIBDhcp.Engine.Fabric.Config;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Ip;

namespace IPoIBDhcp.Engine.Fabric;

/// <summary>
/// An IPoIB interface (<c>ib0</c>, or a child such as <c>ib0.8001</c>) on the emulated fabric, bound to one UDP
/// port. It behaves as the real one does for DHCP: a 20-byte address with its own QPN, broadcast to the
/// P_Key's MGID, delivery only within the partition (limited members not to each other), the partition's
/// datagram MTU enforced on send, and no carrier until the subnet manager (the partitions file) gives the
/// port the P_Key. Checksums are "offloaded": the sending engine computes them and the receiver trusts the
/// "HCA", which reports frames damaged in flight.
/// </summary>
public sealed class FabricPort : IDrainableDatagramPort
{
    private readonly InProcessFabric fabric;
    private readonly FabricEngine engine;
    private readonly Channel<FabricPacket> queue;
    private readonly byte[] address = new byte[IPoIBHardwareAddress.Size];
    private readonly byte[] broadcast = new byte[IPoIBHardwareAddress.Size];
    private readonly Action<FabricPacket> deliver;
    private FaultInjector? injector;
    private IPv4Address? localAddress;
    private long transactionFilter = -1;
    private long queueOverflows;
    private int identification;
    private volatile bool disposed;

    internal FabricPort(FabricEngine engine, InProcessFabric fabric, FabricHost host, FabricHostPort hostPort, string name, PKey pkey,
        uint qpn, ushort localPort, int queueCapacity)
    {
        this.engine = engine;
        this.fabric = fabric;
        HostName = host.Name;
        HostPort = hostPort;
        Name = name;
        PKey = pkey;
        Qpn = qpn;
        LocalPort = localPort;
        var own = new IPoIBHardwareAddress(0, qpn, Gid.LinkLocal(hostPort.Guid));
        own.Write(address);
        LinkAddress = new LinkAddress(address);
        IPoIBHardwareAddress.Broadcast(pkey).Write(broadcast);
        BroadcastAddress = new LinkAddress(broadcast);
        queue = Channel.CreateBounded<FabricPacket>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = false,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        deliver = p =>
        {
            fabric.Forward(p, this);
            p.Release();
        };
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>The emulated host this port belongs to.</summary>
    public string HostName { get; }

    /// <summary>The HCA port underneath (GUID, link MTU).</summary>
    public FabricHostPort HostPort { get; }

    /// <summary>The port GUID: the last 8 bytes of the GID and so of the link address.</summary>
    public PortGuid Guid => HostPort.Guid;

    /// <summary>This interface's queue pair number: assigned when opened, different every run, as on real HCAs.</summary>
    public uint Qpn { get; }

    /// <summary>The UDP port this port receives on (67, 68, or the <c>-p</c> port).</summary>
    public ushort LocalPort { get; }

    /// <inheritdoc/>
    public LinkType LinkType => LinkType.InfiniBand;

    /// <inheritdoc/>
    public LinkAddress LinkAddress { get; }

    /// <inheritdoc/>
    public LinkAddress BroadcastAddress { get; }

    /// <inheritdoc/>
    public PKey? PKey { get; }

    /// <summary>What the subnet manager currently gives this port in its partition (None: no carrier).</summary>
    public PartitionMembership Membership => fabric.Table.MembershipOf(Guid, PKey!.Value);

    /// <inheritdoc/>
    /// <remarks>The partition broadcast group's IB MTU, capped by the port's link MTU, minus the 4-byte IPoIB header.</remarks>
    public int Mtu => InfiniBandMtu.DatagramMtu(Math.Min(fabric.Table.IBMtuOf(PKey!.Value), HostPort.LinkMtu));

    /// <inheritdoc/>
    public bool HasCarrier => !disposed && Membership != PartitionMembership.None;

    /// <inheritdoc/>
    public PortCapabilities Capabilities =>
        PortCapabilities.LinkBroadcast | PortCapabilities.LinkUnicast | PortCapabilities.ReportsLinkSource | PortCapabilities.ReceivesUnconfigured
        | PortCapabilities.Routed | PortCapabilities.OwnsAddress;

    /// <summary>The interface's IPv4 address (<c>ip addr add</c>): what the fabric's ARP answers for routed sends.</summary>
    public IPv4Address? LocalAddress
    {
        get => localAddress;
        set
        {
            IPv4Address? old = localAddress;
            localAddress = value;
            fabric.AddressChanged(this, old, value);
            engine.Published();
        }
    }

    /// <inheritdoc/>
    public void AssignLocalAddress(IPv4Address? address) => LocalAddress = address;

    /// <summary>
    /// The socket filter a DHCP client attaches while an exchange is in progress (systemd-networkd's client does this
    /// in classic BPF): only BOOTP replies with this xid reach the receive queue; null, the default, accepts every
    /// datagram to the UDP port. On a partition where the server broadcasts every reply (RFC 4390) this is what
    /// keeps a node from waking for each of its neighbours' OFFERs and ACKs. The switch looks filtered ports up
    /// by xid, so a broadcast reply costs one delivery instead of one per port in the partition.
    /// </summary>
    public uint? TransactionFilter
    {
        get => FilterValue is >= 0 and var xid ? (uint)xid : null;
        set
        {
            long now = value is uint xid ? xid : -1;
            if (Volatile.Read(ref transactionFilter) != now)
                fabric.SetFilter(this, now);
        }
    }

    /// <summary>Swaps the filter; the switch calls it under <see cref="SwitchGate"/>, so the filter and its index change together.</summary>
    internal long ExchangeFilter(long now) => Interlocked.Exchange(ref transactionFilter, now);

    /// <summary>The filter as the switch indexes it: an xid, or -1 for none.</summary>
    internal long FilterValue => Volatile.Read(ref transactionFilter);

    /// <summary>Serialises this port's changes on the switch (attach, detach, filter, address).</summary>
    internal Lock SwitchGate { get; } = new();

    /// <summary>Attached to the switch and not yet detached; changed under <see cref="SwitchGate"/>.</summary>
    internal bool OnSwitch { get; set; }

    /// <inheritdoc/>
    public PortCounters Counters { get; } = new();

    /// <summary>Frames dropped because this port's receive queue was full (its reader is too slow): the rx ring overrun.</summary>
    public long QueueOverflows => Interlocked.Read(ref queueOverflows);

    /// <summary>Fault injection for this port's sends (the fabric's profile unless overridden).</summary>
    public FabricFaults Faults
    {
        get => injector?.Faults ?? FabricFaults.None;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            injector = value.IsNone ? null : new FaultInjector(value, StreamSeed(value.Seed), deliver, fabric.Shutdown);
        }
    }

    /// <inheritdoc/>
    public ValueTask SendAsync(ReadOnlyMemory<byte> payload, DatagramEndpoints endpoints, LinkTarget target, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        PKey pkey = PKey!.Value;
        PartitionTable table = fabric.Table;
        PartitionMembership membership = table.MembershipOf(Guid, pkey);
        if (membership == PartitionMembership.None)
        {
            Counters.Dropped(DropReason.NoCarrier);
            return ValueTask.CompletedTask;
        }
        int mtu = InfiniBandMtu.DatagramMtu(Math.Min(table.IBMtuOf(pkey), HostPort.LinkMtu));
        if (payload.Length + IPv4UdpCodec.HeadersLength > mtu)
        {
            Counters.Dropped(DropReason.Mtu);
            return ValueTask.CompletedTask;
        }

        bool toBroadcast;
        LinkAddress destination;
        switch (target.Kind)
        {
            case LinkTargetKind.Broadcast:
                toBroadcast = true;
                destination = BroadcastAddress;
                break;
            case LinkTargetKind.Unicast:
                if (target.Address.Length != IPoIBHardwareAddress.Size)
                    throw new ArgumentException("an IPoIB destination is a 20-byte link address", nameof(target));
                destination = target.Address;
                toBroadcast = destination.ToIPoIB().IsBroadcast;
                break;
            default:
                if (endpoints.Destination == IPv4Address.Broadcast)
                {
                    toBroadcast = true;
                    destination = BroadcastAddress;
                }
                else if (fabric.TryResolve(pkey, endpoints.Destination, out destination))
                {
                    toBroadcast = false;
                }
                else
                {
                    // ARP got no answer: the kernel drops the datagram (counted in neighbour stats, not on the port).
                    return ValueTask.CompletedTask;
                }
                break;
        }

        FabricPacket packet = fabric.Pool.Rent();
        Span<byte> frame = packet.Buffer;
        var framePKey = new PKey((ushort)(pkey.Base | (membership == PartitionMembership.Full ? InfiniBand.PKey.FullMembershipBit : 0)));
        FabricFrame.WriteHeader(frame, fabric.Tag, framePKey, toBroadcast, address, destination.Span);
        IPoIBEncapsulationHeader.IPv4.Write(frame[FabricFrame.HeaderLength..]);
        var ip = new IPv4UdpEndpoints(endpoints.Source.Value, endpoints.SourcePort, endpoints.Destination.Value, endpoints.DestinationPort);
        ushort id = (ushort)Interlocked.Increment(ref identification);
        packet.Length = FabricFrame.IPv4Offset + IPv4UdpCodec.Write(frame[FabricFrame.IPv4Offset..], ip, payload.Span, 64, id, computeUdpChecksum: true);
        Counters.Sent(payload.Length);

        FaultInjector? faults = injector;
        if (faults is null)
            deliver(packet);
        else
            faults.Send(packet);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    /// <remarks>A datagram larger than <paramref name="buffer"/> is dropped and counted as <see cref="DropReason.Mtu"/>, as a NIC drops frames over its receive size.</remarks>
    public async ValueTask<ReceivedDatagram> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            FabricPacket packet;
            try
            {
                packet = await queue.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
                throw new ObjectDisposedException(Name);
            }
            try
            {
                if (TryAccept(packet, buffer.Span, out ReceivedDatagram datagram))
                    return datagram;
            }
            finally
            {
                packet.Release();
            }
        }
    }

    /// <inheritdoc/>
    public bool TryReceive(Span<byte> buffer, out ReceivedDatagram datagram)
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (!queue.Reader.TryRead(out FabricPacket? packet))
            {
                datagram = default;
                return false;
            }
            try
            {
                if (TryAccept(packet, buffer, out datagram))
                    return true;
            }
            finally
            {
                packet.Release();
            }
        }
    }

    /// <inheritdoc/>
    public bool MayHaveQueued => queue.Reader.Count > 0;

    /// <summary>Called by the switch: the receiving HCA's P_Key check, then the receive ring.</summary>
    internal void Offer(FabricPacket packet, PartitionTable table)
    {
        if (disposed)
            return;
        FrameHeader header = packet.Header;
        long filter = Volatile.Read(ref transactionFilter);
        if (filter >= 0 && header.BootReplyXid != filter)
            return; // The socket filter rejected it: not queued, not counted, as with BPF.
        PartitionMembership mine = table.MembershipOf(Guid, PKey!.Value);
        if (mine == PartitionMembership.None || header.PKey.Base != PKey.Value.Base)
        {
            // Not joined to the group: broadcasts never reach the port; a unicast is a P_Key violation.
            if (!header.IsBroadcast)
                Counters.Dropped(DropReason.Partition);
            return;
        }
        PartitionMembership theirs = header.PKey.IsFullMember ? PartitionMembership.Full : PartitionMembership.Limited;
        if (!PartitionTable.MayCommunicate(mine, theirs))
        {
            Counters.Dropped(DropReason.Partition);
            return;
        }
        packet.AddReference();
        if (!queue.Writer.TryWrite(packet))
        {
            packet.Release();
            Interlocked.Increment(ref queueOverflows);
        }
    }

    private bool TryAccept(FabricPacket packet, Span<byte> buffer, out ReceivedDatagram datagram)
    {
        datagram = default;
        FrameHeader header = packet.Header;
        if (header.IcrcError)
        {
            Counters.Dropped(DropReason.Checksum);
            return false;
        }
        ReadOnlySpan<byte> frame = packet.Frame;
        if (!IPoIBEncapsulationHeader.TryRead(frame[FabricFrame.HeaderLength..], out IPoIBEncapsulationHeader encapsulation, out _)
            || encapsulation.EtherType != IPoIBEncapsulationHeader.EtherTypeIPv4)
        {
            Counters.Dropped(DropReason.Filtered);
            return false;
        }
        if (!UdpDelivery.TryCopyPayload(frame[FabricFrame.IPv4Offset..], ChecksumPolicy.TrustHardware, LocalPort, buffer, Counters, out UdpPacketView view))
            return false;
        datagram = new ReceivedDatagram(
            view.Payload.Length,
            new DatagramEndpoints(new IPv4Address(view.SourceAddress), view.SourcePort, new IPv4Address(view.DestinationAddress), view.DestinationPort),
            new LinkAddress(frame.Slice(FabricFrame.SourceOffset, IPoIBHardwareAddress.Size)),
            PKey,
            view.ChecksumState == UdpChecksumState.Absent ? ChecksumStatus.Absent : ChecksumStatus.VerifiedByHardware,
            header.IsBroadcast);
        return true;
    }

    /// <summary>
    /// A per-port random stream derived only from values every run shares (seed, GUID, P_Key, UDP port), never
    /// from the QPN or process-randomised hash codes, so a seed replays the same faults.
    /// </summary>
    private int StreamSeed(int seed)
    {
        ulong mix = (ulong)(uint)seed * 0x9E37_79B9_7F4A_7C15UL;
        mix ^= Guid.Value + 0x632B_E59B_D9B4_E019UL + (mix << 6) + (mix >> 2);
        mix ^= ((ulong)PKey!.Value.Value << 16 | LocalPort) + 0x9E37_79B9UL + (mix << 6) + (mix >> 2);
        return (int)(mix ^ (mix >> 32));
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
            return;
        disposed = true;
        fabric.Detach(this);
        queue.Writer.TryComplete();
        while (queue.Reader.TryRead(out FabricPacket? packet))
            packet.Release();
        await engine.ClosedAsync(this).ConfigureAwait(false);
    }

    /// <summary>Interface, host, address and P_Key, as <c>ip link</c> would identify it.</summary>
    public override string ToString() => $"{HostName}/{Name} {LinkAddress} pkey {PKey}";
}
