using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.IntegrationTests.Support;

/// <summary>
/// A steady stream of new IPoIB clients doing DISCOVER–OFFER–REQUEST–ACK through a relay, a few at a time, each
/// ACK written to an <see cref="AckLedger"/>. Bounded: it stops when told or after <c>maxClients</c> clients.
/// A client that gets no OFFER or ACK within two 500 ms tries gives up and the next one starts, so a failover
/// shows as a gap in the ledger, not as a stuck test.
/// </summary>
internal sealed class ClientLoad : IAsyncDisposable
{
    private readonly DhcpTestClient relay;
    private readonly AckLedger ledger;
    private readonly IPv4Address giaddr;
    private readonly ulong guidBase;
    private readonly uint xidBase;
    private readonly int maxClients;
    private readonly CancellationTokenSource stop = new();
    private readonly Task[] workers;
    private int started = -1;
    private long unanswered, naks;

    private ClientLoad(DhcpTestClient relay, AckLedger ledger, IPv4Address giaddr, ulong guidBase, uint xidBase, int workers, int maxClients)
    {
        this.relay = relay;
        this.ledger = ledger;
        this.giaddr = giaddr;
        this.guidBase = guidBase;
        this.xidBase = xidBase;
        this.maxClients = maxClients;
        this.workers = Enumerable.Range(0, workers).Select(_ => Task.Run(WorkAsync)).ToArray();
    }

    /// <summary>Exchanges that ended without an ACK (no answer, or a NAK).</summary>
    public long Unanswered => Interlocked.Read(ref unanswered);

    /// <summary>NAKs received.</summary>
    public long Naks => Interlocked.Read(ref naks);

    /// <summary>Starts <paramref name="workers"/> concurrent clients; GUIDs count up from <paramref name="guidBase"/>.</summary>
    public static ClientLoad Start(DhcpTestClient relay, AckLedger ledger, IPv4Address giaddr, ulong guidBase, uint xidBase, int workers = 4, int maxClients = 2000) =>
        new(relay, ledger, giaddr, guidBase, xidBase, workers, maxClients);

    /// <summary>Stops starting new clients and waits for the ones in flight.</summary>
    public async Task StopAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        stop.Dispose();
    }

    private async Task WorkAsync()
    {
        int n;
        while (!stop.IsCancellationRequested && (n = Interlocked.Increment(ref started)) < maxClients)
        {
            var id = ClientIdentifier.FlexBoot(new PortGuid(guidBase + (ulong)n));
            uint xid = xidBase + (uint)n * 2;
            var interval = TimeSpan.FromMilliseconds(500);
            var offer = await relay.ExchangeAsync(new DhcpPacket(DhcpMessageType.Discover, xid, id) { GatewayAddress = giaddr, Hops = 1 },
                DhcpRoute.Broadcast, interval, attempts: 2).ConfigureAwait(false);
            if (offer is null || offer.Type != DhcpMessageType.Offer)
            {
                Interlocked.Increment(ref unanswered);
                continue;
            }
            var request = new DhcpPacket(DhcpMessageType.Request, xid + 1, id)
            {
                GatewayAddress = giaddr,
                Hops = 1,
                RequestedAddress = offer.YourAddress,
                ServerIdentifier = offer.ServerIdentifier,
            };
            var ack = await relay.ExchangeAsync(request, DhcpRoute.Broadcast, interval, attempts: 2).ConfigureAwait(false);
            if (ack?.Type == DhcpMessageType.Ack)
            {
                ledger.Record(id, ack);
            }
            else
            {
                if (ack?.Type == DhcpMessageType.Nak) Interlocked.Increment(ref naks);
                Interlocked.Increment(ref unanswered);
            }
            try
            {
                await Task.Delay(10, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
