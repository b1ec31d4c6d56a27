using BenchmarkDotNet.Attributes;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Bench.Micro;

/// <summary>
/// Parse (<see cref="DhcpMessage.TryRead"/>) and build (<see cref="DhcpMessageWriter"/>) of each DORA message:
/// the per-packet cost of every receive loop and reply. Both are meant to allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private readonly DhcpMessage message = new();
    private readonly byte[] buffer = new byte[2048];
    private byte[] discover = [], offer = [], request = [], ack = [];

    /// <summary>Builds the four packets once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        discover = Packets.Bytes(DhcpMessageType.Discover);
        offer = Packets.Bytes(DhcpMessageType.Offer);
        request = Packets.Bytes(DhcpMessageType.Request);
        ack = Packets.Bytes(DhcpMessageType.Ack);
    }

    /// <summary>Decode a FlexBoot DISCOVER.</summary>
    [Benchmark]
    public bool ParseDiscover() => message.TryRead(discover, out _);

    /// <summary>Decode an OFFER.</summary>
    [Benchmark]
    public bool ParseOffer() => message.TryRead(offer, out _);

    /// <summary>Decode a REQUEST.</summary>
    [Benchmark]
    public bool ParseRequest() => message.TryRead(request, out _);

    /// <summary>Decode an ACK.</summary>
    [Benchmark]
    public bool ParseAck() => message.TryRead(ack, out _);

    /// <summary>Encode a DISCOVER.</summary>
    [Benchmark]
    public int BuildDiscover() => Packets.WriteRequest(buffer, DhcpMessageType.Discover);

    /// <summary>Encode an OFFER.</summary>
    [Benchmark]
    public int BuildOffer() => Packets.WriteReply(buffer, DhcpMessageType.Offer);

    /// <summary>Encode a REQUEST.</summary>
    [Benchmark]
    public int BuildRequest() => Packets.WriteRequest(buffer, DhcpMessageType.Request);

    /// <summary>Encode an ACK.</summary>
    [Benchmark]
    public int BuildAck() => Packets.WriteReply(buffer, DhcpMessageType.Ack);
}
