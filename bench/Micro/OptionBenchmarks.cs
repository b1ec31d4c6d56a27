using BenchmarkDotNet.Attributes;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Bench.Micro;

/// <summary>Option lookups on a decoded ACK: what the client and server do several times per message.</summary>
[MemoryDiagnoser]
public class OptionBenchmarks
{
    private readonly DhcpMessage ack = new();

    /// <summary>Decodes the ACK once.</summary>
    [GlobalSetup]
    public void Setup() => ack.Read(Packets.Bytes(DhcpMessageType.Ack));

    /// <summary>The message type (option 53).</summary>
    [Benchmark]
    public DhcpMessageType MessageType() => ack.MessageType;

    /// <summary>A present option's bytes (client identifier, 20 bytes).</summary>
    [Benchmark]
    public int ClientIdentifier() => ack.ClientIdentifier.Length;

    /// <summary>A typed lookup (lease time, u32).</summary>
    [Benchmark]
    public uint LeaseTime() => ack.TryGetLeaseTime(out uint t) ? t : 0;

    /// <summary>A typed address lookup (server identifier).</summary>
    [Benchmark]
    public IPv4Address ServerIdentifier() => ack.TryGetServerIdentifier(out var a) ? a : default;

    /// <summary>An absent option.</summary>
    [Benchmark]
    public bool Absent() => ack.TryGetOption(DhcpOptionCode.RelayAgentInformation, out _);
}
