using System.Collections.Concurrent;
using System.Diagnostics;
using IPoIBDhcp.Identity;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.IntegrationTests.Support;

/// <summary>One DHCPACK as the relay saw it.</summary>
/// <param name="Client">The client it was for.</param>
/// <param name="Address">yiaddr.</param>
/// <param name="LeaseSeconds">Option 51.</param>
/// <param name="At">When it arrived (on the ledger's clock).</param>
/// <param name="Server">Which server sent it (the IP source).</param>
internal sealed record AckRecord(ClientIdentifier Client, IPv4Address Address, uint LeaseSeconds, TimeSpan At, IPv4Address Server);

/// <summary>
/// Every ACK sent to the test's clients across a scenario, and the two promises a cluster makes about them: no
/// address is held by two clients at once, and no ACKed lease is lost whatever members die meanwhile.
/// </summary>
internal sealed class AckLedger
{
    private readonly ConcurrentQueue<AckRecord> acks = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();

    /// <summary>Time on the ledger's clock (to mark kills and freezes).</summary>
    public TimeSpan Now => clock.Elapsed;

    /// <summary>Every ACK recorded so far.</summary>
    public IReadOnlyCollection<AckRecord> Acks => acks;

    /// <summary>Records an ACK.</summary>
    public void Record(ClientIdentifier client, DhcpReply ack) =>
        acks.Enqueue(new AckRecord(client, ack.YourAddress, ack.UInt32(DhcpOptionCode.LeaseTime) ?? 0, clock.Elapsed, ack.Endpoints.Source));

    /// <summary>ACKs that arrived in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public AckRecord[] Between(TimeSpan from, TimeSpan to) => acks.Where(a => a.At >= from && a.At < to).ToArray();

    /// <summary>Both promises of a cluster, checked at the end of a scenario: no address held twice, no ACKed lease lost.</summary>
    public async Task AssertPromisesKeptAsync(DhcpTestClient relay, IPv4Address giaddr, uint xidBase)
    {
        AssertNoAddressHeldByTwoClients();
        await AssertNoneLostAsync(relay, giaddr, xidBase).ConfigureAwait(false);
    }

    /// <summary>Fails when an address was ACKed to a second client while an earlier client's lease on it still ran.</summary>
    public void AssertNoAddressHeldByTwoClients()
    {
        foreach (var group in acks.GroupBy(a => a.Address))
        {
            AckRecord? holder = null;
            foreach (var ack in group.OrderBy(a => a.At))
            {
                if (holder is not null && holder.Client != ack.Client && ack.At < holder.At + TimeSpan.FromSeconds(holder.LeaseSeconds))
                    Assert.Fail($"{ack.Address} ACKed to {holder.Client} by {holder.Server} at {holder.At} for {holder.LeaseSeconds} s, then to {ack.Client} by {ack.Server} at {ack.At}");
                holder = ack;
            }
        }
    }

    /// <summary>
    /// Asks for every ACKed lease again (INIT-REBOOT: option 50, no server identifier) through <paramref name="relay"/>
    /// and fails unless each client gets its address back: the cluster still holds every lease it ever ACKed.
    /// </summary>
    public async Task AssertNoneLostAsync(DhcpTestClient relay, IPv4Address giaddr, uint xidBase)
    {
        var latest = acks.GroupBy(a => a.Client).Select(g => g.OrderBy(a => a.At).Last()).ToArray();
        var lost = new ConcurrentQueue<string>();
        int next = -1;
        async Task Worker()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < latest.Length)
            {
                var lease = latest[i];
                var request = new DhcpPacket(DhcpMessageType.Request, xidBase + (uint)i, lease.Client)
                {
                    GatewayAddress = giaddr,
                    Hops = 1,
                    RequestedAddress = lease.Address,
                };
                var reply = await relay.ExchangeAsync(request, DhcpRoute.Broadcast, TimeSpan.FromSeconds(1), attempts: 5).ConfigureAwait(false);
                if (reply is null || reply.Type != DhcpMessageType.Ack || reply.YourAddress != lease.Address)
                    lost.Enqueue($"{lease.Client} on {lease.Address} (ACKed by {lease.Server} at {lease.At}): {(reply is null ? "no answer" : $"{reply.Type} {reply.YourAddress}")}");
            }
        }
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Worker())).ConfigureAwait(false);
        Assert.That(lost, Is.Empty, $"{lost.Count} of {latest.Length} ACKed leases not confirmed again");
    }
}
