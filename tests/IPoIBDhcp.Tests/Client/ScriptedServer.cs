using IPoIBDhcp.Wire.Dhcp;
using static IPoIBDhcp.Tests.Client.ServerReplies;

namespace IPoIBDhcp.Tests.Client;

/// <summary>
/// A DHCP server scripted for the runner tests: answers DISCOVER with an OFFER and REQUEST with an ACK
/// (or a NAK when told), or stays silent; records every request with how it was sent.
/// </summary>
internal sealed class ScriptedServer
{
    private readonly FakePort port;
    private readonly Task loop;

    public ScriptedServer(FakePort port, CancellationToken cancellationToken)
    {
        this.port = port;
        loop = RunAsync(cancellationToken);
    }

    public volatile bool Silent;
    public volatile bool Nak;
    public uint LeaseTime { get; set; } = 600;

    public System.Threading.Channels.Channel<RecordingHost.Sent> Seen { get; } =
        System.Threading.Channels.Channel.CreateUnbounded<RecordingHost.Sent>();

    public async Task<RecordingHost.Sent> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await Seen.Reader.ReadAsync(timeout.Token);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var (payload, endpoints, target) in port.Sent.Reader.ReadAllAsync(cancellationToken))
            {
                var sent = new RecordingHost.Sent(payload, endpoints, target);
                var request = sent.Message;
                if (!Silent)
                {
                    var reply = request.MessageType switch
                    {
                        DhcpMessageType.Discover => Build(DhcpMessageType.Offer, request, Offered, LeaseTime),
                        DhcpMessageType.Request => Build(Nak ? DhcpMessageType.Nak : DhcpMessageType.Ack, request, Offered, LeaseTime),
                        _ => null,
                    };
                    if (reply is not null) port.Deliver(reply, ServerReplies.Server);
                }
                Seen.Writer.TryWrite(sent);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
