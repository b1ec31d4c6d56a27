using BenchmarkDotNet.Attributes;
using IPoIBDhcp.Wire.Ip;

namespace IPoIBDhcp.Bench.Micro;

/// <summary>
/// RFC 1071 Internet checksum over an IPv4 header, a typical DHCP datagram and a full 4K-partition IPoIB
/// datagram: the emulated fabric computes one per frame sent, software engines verify one per frame received.
/// </summary>
[MemoryDiagnoser]
public class ChecksumBenchmarks
{
    private byte[] data = [];

    /// <summary>Bytes summed.</summary>
    [Params(20, 576, 4092)]
    public int Length { get; set; }

    /// <summary>Seeded random data.</summary>
    [GlobalSetup]
    public void Setup()
    {
        data = new byte[Length];
        new Random(42).NextBytes(data);
    }

    /// <summary>Sum and fold.</summary>
    [Benchmark]
    public ushort Compute() => InternetChecksum.Compute(data);
}
