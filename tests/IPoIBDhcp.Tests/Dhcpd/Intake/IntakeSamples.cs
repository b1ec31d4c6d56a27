using IPoIBDhcp.Engine;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Server.Intake;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Tests.Dhcpd.Intake;

/// <summary>What the backlog tests share: a node's FlexBoot client-id, where a request came from, and the xids of what a backlog gives out.</summary>
internal static class IntakeSamples
{
    public static readonly ReceivedDatagram From = new(0, new DatagramEndpoints(IPv4Address.Any, 68, IPv4Address.Broadcast, 67), default, null, ChecksumStatus.Kernel, true);

    public static ClientIdentifier Node(int n) => ClientIdentifier.FlexBoot(new PortGuid(0x0002_c903_0000_6000UL | (uint)n));

    /// <summary>Takes everything left, returning each request's xid (0 for what is not a DHCP message).</summary>
    public static List<uint> TakeAll(RequestBacklog backlog) => [.. TakeAll(backlog, m => m.TransactionId)];

    /// <summary>Takes everything left, describing each request with <paramref name="describe"/>.</summary>
    public static IEnumerable<T> TakeAll<T>(RequestBacklog backlog, Func<DhcpMessage, T> describe)
    {
        var taken = new List<T>();
        while (backlog.TryTake(out var entry))
        {
            var m = new DhcpMessage();
            taken.Add(m.TryRead(entry.Datagram.Span, out _) ? describe(m) : default!);
            RequestBacklog.Release(entry);
        }
        return taken;
    }
}
