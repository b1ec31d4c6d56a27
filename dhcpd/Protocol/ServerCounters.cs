namespace IPoIBDhcp.Server.Protocol;

/// <summary>Requests the server did not answer, by reason, and replies it sent, for metrics and the boot-storm summary.</summary>
public sealed class ServerCounters
{
    private long refused, ignored, noSubnet, exhausted, naks, acks, offers, relayInformationLeftOut;

    /// <summary>Refused: no usable client identity (IPoIB without client-id).</summary>
    public long RefusedCount => Interlocked.Read(ref refused);
    /// <summary>Ignored: not a request, or a type servers do not answer.</summary>
    public long IgnoredCount => Interlocked.Read(ref ignored);
    /// <summary>No subnet matched the request's network segment.</summary>
    public long NoSubnetCount => Interlocked.Read(ref noSubnet);
    /// <summary>No free address in the client's network.</summary>
    public long ExhaustedCount => Interlocked.Read(ref exhausted);
    /// <summary>NAKs sent.</summary>
    public long NakCount => Interlocked.Read(ref naks);
    /// <summary>ACKs decided.</summary>
    public long AckCount => Interlocked.Read(ref acks);
    /// <summary>OFFERs sent.</summary>
    public long OfferCount => Interlocked.Read(ref offers);
    /// <summary>Replies sent without the relay's option 82 because it could not fit (RFC 3046 wants it echoed).</summary>
    public long RelayInformationLeftOutCount => Interlocked.Read(ref relayInformationLeftOut);

    internal void Refused() => Interlocked.Increment(ref refused);
    internal void Ignored() => Interlocked.Increment(ref ignored);
    internal void NoSubnet() => Interlocked.Increment(ref noSubnet);
    internal void Exhausted() => Interlocked.Increment(ref exhausted);
    internal void Nak() => Interlocked.Increment(ref naks);
    internal void Ack() => Interlocked.Increment(ref acks);
    internal void Offer() => Interlocked.Increment(ref offers);
    internal void RelayInformationLeftOut() => Interlocked.Increment(ref relayInformationLeftOut);
}
