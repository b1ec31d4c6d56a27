namespace IPoIBDhcp.Engine;

/// <summary>
/// Per-port counters as <c>ethtool -S</c> shows them for an IPoIB interface: traffic, and drops by
/// reason, so an admin can tell a partition problem from an MTU problem from a bad packet.
/// Updated with interlocked increments from the receive and send paths.
/// </summary>
public sealed class PortCounters
{
    private long rxPackets, rxBytes, txPackets, txBytes;
    private long dropMtu, dropPartition, dropChecksum, dropMalformed, dropNoCarrier, dropFiltered;

    /// <summary>Datagrams delivered to the port's reader.</summary>
    public long RxPackets => Interlocked.Read(ref rxPackets);
    /// <summary>Payload bytes delivered.</summary>
    public long RxBytes => Interlocked.Read(ref rxBytes);
    /// <summary>Datagrams sent.</summary>
    public long TxPackets => Interlocked.Read(ref txPackets);
    /// <summary>Payload bytes sent.</summary>
    public long TxBytes => Interlocked.Read(ref txBytes);
    /// <summary>Dropped: larger than the link (partition) MTU.</summary>
    public long DropMtu => Interlocked.Read(ref dropMtu);
    /// <summary>Dropped: sender and receiver not in the same partition, or both limited members.</summary>
    public long DropPartition => Interlocked.Read(ref dropPartition);
    /// <summary>Dropped: IP header or UDP checksum wrong.</summary>
    public long DropChecksum => Interlocked.Read(ref dropChecksum);
    /// <summary>Dropped: not a well-formed IPv4/UDP datagram.</summary>
    public long DropMalformed => Interlocked.Read(ref dropMalformed);
    /// <summary>Dropped: the port had no carrier (P_Key not yet given by the subnet manager).</summary>
    public long DropNoCarrier => Interlocked.Read(ref dropNoCarrier);
    /// <summary>Dropped: not for the DHCP ports (should be rare when the kernel filter works).</summary>
    public long DropFiltered => Interlocked.Read(ref dropFiltered);

    /// <summary>Counts one received datagram.</summary>
    public void Received(int bytes) { Interlocked.Increment(ref rxPackets); Interlocked.Add(ref rxBytes, bytes); }
    /// <summary>Counts one sent datagram.</summary>
    public void Sent(int bytes) { Interlocked.Increment(ref txPackets); Interlocked.Add(ref txBytes, bytes); }
    /// <summary>Counts a drop for <paramref name="reason"/>.</summary>
    public void Dropped(DropReason reason)
    {
        switch (reason)
        {
            case DropReason.Mtu: Interlocked.Increment(ref dropMtu); break;
            case DropReason.Partition: Interlocked.Increment(ref dropPartition); break;
            case DropReason.Checksum: Interlocked.Increment(ref dropChecksum); break;
            case DropReason.Malformed: Interlocked.Increment(ref dropMalformed); break;
            case DropReason.NoCarrier: Interlocked.Increment(ref dropNoCarrier); break;
            default: Interlocked.Increment(ref dropFiltered); break;
        }
    }

    /// <summary>ethtool-style lines, for logs and metrics.</summary>
    public override string ToString() =>
        $"rx_packets: {RxPackets} rx_bytes: {RxBytes} tx_packets: {TxPackets} tx_bytes: {TxBytes} " +
        $"rx_drop_mtu: {DropMtu} rx_drop_partition: {DropPartition} rx_csum_err: {DropChecksum} " +
        $"rx_drop_malformed: {DropMalformed} drop_no_carrier: {DropNoCarrier} rx_drop_filtered: {DropFiltered}";
}
