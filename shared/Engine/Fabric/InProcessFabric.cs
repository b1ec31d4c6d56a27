using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using IPoIBDhcp.Engine.Fabric.Config;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Engine.Fabric;

/// <summary>
/// The switch of an emulated fabric inside one process: it queues each frame directly on the receiving
/// ports (System.Threading.Channels, no thread or socket per port), shares one pooled buffer between all
/// receivers of a broadcast, and steers by P_Key group and UDP port the way the fabric's multicast tree and
/// the receiving kernels' socket filters do. With the loopback transport it is also the local half of a
/// fabric shared between processes. Boot-storm simulations open 10,000–100,000 ports on one instance from many
/// threads, so its tables are concurrent: delivery reads them without a lock, and a port's own changes (attach,
/// detach, filter, address) are serialised by that port's lock only.
/// </summary>
public sealed class InProcessFabric
{
    private readonly PartitionsWatcher watcher;
    private readonly ConcurrentDictionary<uint, PortGroup> groups = new();
    private readonly ConcurrentDictionary<(ulong Guid, uint Qpn, ushort Udp), FabricPort> unicast = new();
    private readonly ConcurrentDictionary<(ushort Partition, uint Address), FabricPort> neighbours = new();
    private long foreignFrames;

    internal InProcessFabric(FabricDefinition definition, PartitionsWatcher watcher, CancellationToken shutdown)
    {
        Definition = definition;
        this.watcher = watcher;
        Shutdown = shutdown;
        Tag = TagOf(definition.Name);
    }

    /// <summary>The fabric's description.</summary>
    public FabricDefinition Definition { get; }

    /// <summary>Ports currently attached to this switch.</summary>
    public int PortCount => unicast.Count;

    /// <summary>Frames that were not this fabric's (another fabric's tag, another version, or truncated headers): ignored.</summary>
    public long ForeignFrames => Interlocked.Read(ref foreignFrames);

    internal uint Tag { get; }

    internal FabricPacketPool Pool { get; } = new();

    internal PartitionTable Table => watcher.Current;

    internal CancellationToken Shutdown { get; }

    internal LoopbackFabricLink? Link { get; set; }

    /// <summary>First four bytes of SHA-256 of the name: the same in every process, unlike string hash codes.</summary>
    internal static uint TagOf(string fabricName)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(fabricName), hash);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(hash);
    }

    internal void Attach(FabricPort port)
    {
        if (!unicast.TryAdd((port.Guid.Value, port.Qpn, port.LocalPort), port))
            throw new InvalidOperationException($"{port.Name} on host {port.HostName} is already open on UDP port {port.LocalPort}");
        PortGroup group = groups.GetOrAdd(GroupKey(port.PKey!.Value.Base, port.LocalPort), static _ => new PortGroup());
        lock (port.SwitchGate)
        {
            port.OnSwitch = true;
            group.Add(port, port.FilterValue);
        }
    }

    /// <summary>Sets a port's socket filter and moves the port between the group's unfiltered ports and its index by xid.</summary>
    internal void SetFilter(FabricPort port, long now)
    {
        lock (port.SwitchGate)
        {
            long old = port.ExchangeFilter(now);
            if (old == now || !port.OnSwitch)
                return;
            PortGroup group = groups[GroupKey(port.PKey!.Value.Base, port.LocalPort)];
            group.Remove(port, old);
            group.Add(port, now);
        }
    }

    internal void Detach(FabricPort port)
    {
        lock (port.SwitchGate)
        {
            if (!port.OnSwitch)
                return;
            port.OnSwitch = false;
            groups[GroupKey(port.PKey!.Value.Base, port.LocalPort)].Remove(port, port.FilterValue);
            unicast.TryRemove(new KeyValuePair<(ulong, uint, ushort), FabricPort>((port.Guid.Value, port.Qpn, port.LocalPort), port));
            if (port.LocalAddress is IPv4Address address)
                RemoveNeighbour(port, address);
        }
    }

    internal void AddressChanged(FabricPort port, IPv4Address? old, IPv4Address? now)
    {
        lock (port.SwitchGate)
        {
            if (old is IPv4Address o)
                RemoveNeighbour(port, o);
            if (now is IPv4Address n)
                neighbours[(port.PKey!.Value.Base, n.Value)] = port;
        }
    }

    private void RemoveNeighbour(FabricPort port, IPv4Address address)
    {
        var key = (port.PKey!.Value.Base, address.Value);
        neighbours.TryRemove(new KeyValuePair<(ushort, uint), FabricPort>(key, port));
    }

    /// <summary>The ports attached now, for the loopback transport's registry entry.</summary>
    internal FabricPort[] SnapshotPorts() => [.. unicast.Values];

    /// <summary>
    /// The link address owning <paramref name="address"/> in the partition: the answer ARP would give. Local
    /// ports first, then ports other processes published.
    /// </summary>
    internal bool TryResolve(PKey pkey, IPv4Address address, out LinkAddress linkAddress)
    {
        if (neighbours.TryGetValue((pkey.Base, address.Value), out FabricPort? port))
        {
            linkAddress = port.LinkAddress;
            return true;
        }
        if (Link is not null)
            return Link.TryResolve(pkey, address, out linkAddress);
        linkAddress = default;
        return false;
    }

    /// <summary>Sends a frame a local port built: to local receivers, then to other processes. Does not take the caller's reference.</summary>
    internal void Forward(FabricPacket packet, FabricPort sender)
    {
        if (!FabricFrame.TryReadHeader(packet.Frame, Tag, out FrameHeader header))
            throw new InvalidOperationException("the fabric built a frame it cannot read");
        packet.Header = header;
        DeliverLocal(packet, sender);
        Link?.Send(packet);
    }

    /// <summary>A frame from another process: parse its header once and deliver it locally.</summary>
    internal void Arrived(FabricPacket packet)
    {
        if (!FabricFrame.TryReadHeader(packet.Frame, Tag, out FrameHeader header) || header.UdpDestinationPort < 0)
        {
            Interlocked.Increment(ref foreignFrames);
            return;
        }
        packet.Header = header;
        DeliverLocal(packet, null);
    }

    private void DeliverLocal(FabricPacket packet, FabricPort? sender)
    {
        FrameHeader header = packet.Header;
        if (header.UdpDestinationPort < 0)
            return;
        ushort udp = (ushort)header.UdpDestinationPort;
        PartitionTable table = Table;
        if (header.IsBroadcast)
        {
            if (!groups.TryGetValue(GroupKey(header.PKey.Base, udp), out PortGroup? group))
                return;
            OfferAll(group.Unfiltered(), packet, sender, table);
            OfferAll(group.Filtering(header.BootReplyXid), packet, sender, table);
        }
        else
        {
            if (unicast.TryGetValue((header.DestinationGuid, header.DestinationQpn, udp), out FabricPort? port))
                port.Offer(packet, table);
        }
    }

    private static void OfferAll(FabricPort[] ports, FabricPacket packet, FabricPort? sender, PartitionTable table)
    {
        foreach (FabricPort port in ports)
        {
            // The HCA does not loop a port's own multicast back to it.
            if (!ReferenceEquals(port, sender))
                port.Offer(packet, table);
        }
    }

    private static uint GroupKey(ushort partition, ushort udpPort) => ((uint)partition << 16) | udpPort;

    /// <summary>
    /// The ports of one P_Key group bound to one UDP port: those without a socket filter (every broadcast reaches
    /// them) and those filtering on one xid, indexed by it. Safe for concurrent use; a port's own changes come in
    /// order (its lock). Deliveries read the unfiltered ports as an array, rebuilt on the first delivery after a
    /// change: a delivery racing a change sees the group just before or just after it.
    /// </summary>
    private sealed class PortGroup
    {
        private readonly ConcurrentDictionary<FabricPort, byte> unfiltered = new(ReferenceEqualityComparer.Instance);
        private readonly ConcurrentDictionary<uint, FabricPort[]> byXid = new();
        private int version;
        private Snapshot snapshot = new(0, []);

        public void Add(FabricPort port, long xid)
        {
            if (xid < 0)
            {
                unfiltered.TryAdd(port, 0);
                Interlocked.Increment(ref version);
                return;
            }
            byXid.AddOrUpdate((uint)xid, static (_, p) => [p], static (_, others, p) => [.. others, p], port);
        }

        public void Remove(FabricPort port, long xid)
        {
            if (xid < 0)
            {
                if (unfiltered.TryRemove(port, out _))
                    Interlocked.Increment(ref version);
                return;
            }
            while (byXid.TryGetValue((uint)xid, out FabricPort[]? ports))
            {
                FabricPort[] rest = Array.FindAll(ports, p => !ReferenceEquals(p, port));
                if (rest.Length == ports.Length)
                    return;
                bool replaced = rest.Length == 0
                    ? byXid.TryRemove(new KeyValuePair<uint, FabricPort[]>((uint)xid, ports))
                    : byXid.TryUpdate((uint)xid, rest, ports);
                if (replaced)
                    return;
            }
        }

        public FabricPort[] Unfiltered()
        {
            Snapshot current = Volatile.Read(ref snapshot);
            int now = Volatile.Read(ref version);
            if (current.Version == now)
                return current.Ports;
            FabricPort[] ports = [.. unfiltered.Keys];
            Interlocked.CompareExchange(ref snapshot, new Snapshot(now, ports), current);
            return ports;
        }

        /// <summary>The ports whose filter passes a frame with this BOOTP reply xid (-1: none do).</summary>
        public FabricPort[] Filtering(long xid) =>
            xid >= 0 && byXid.TryGetValue((uint)xid, out FabricPort[]? ports) ? ports : [];

        private sealed record Snapshot(int Version, FabricPort[] Ports);
    }
}
