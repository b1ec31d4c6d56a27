using IPoIBDhcp.Wire.Ip;
using NUnit.Framework;

namespace IPoIBDhcp.Tests.Wire.Ip;

public class InternetChecksumTests
{
    // RFC 1071 section 3: bytes 00 01 f2 03 f4 f5 f6 f7 sum to 0x2DDF0, which with end-around carry is 0xDDF2.
    private static readonly byte[] Rfc1071Example = [0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7];

    [Test]
    public void Rfc1071Section3ExampleSumsToDdf2()
    {
        Assert.That(InternetChecksum.Accumulate(Rfc1071Example), Is.EqualTo(0xDDF2u));
        Assert.That(InternetChecksum.Compute(Rfc1071Example), Is.EqualTo((ushort)0x220D));
    }

    [Test]
    public void Rfc1071ExampleCanBeSummedInEvenPieces()
    {
        uint first = InternetChecksum.Accumulate(Rfc1071Example.AsSpan(0, 2));
        uint second = InternetChecksum.Accumulate(Rfc1071Example.AsSpan(2, 4), first);
        uint third = InternetChecksum.Accumulate(Rfc1071Example.AsSpan(6), second);
        Assert.That(third, Is.EqualTo(0xDDF2u));
    }

    [Test]
    public void Rfc1071ExampleByteSwappedSumsToSwappedResult()
    {
        // RFC 1071 section 2(B): byte order independence, the property the vector path relies on.
        byte[] swapped = [0x01, 0x00, 0x03, 0xF2, 0xF5, 0xF4, 0xF7, 0xF6];
        Assert.That(InternetChecksum.Accumulate(swapped), Is.EqualTo(0xF2DDu));
    }

    [TestCase(new byte[] { 0xAB }, 0xAB00u)]
    [TestCase(new byte[] { 0x00, 0x01, 0xF2 }, 0xF201u)]
    [TestCase(new byte[] { 0xFF, 0xFF, 0xFF }, 0xFF00u)] // 0xFFFF + 0xFF00 = 0x1FEFF -> 0xFF00
    [TestCase(new byte[0], 0u)]
    public void OddLastBytePadsWithZeroLowByte(byte[] data, uint expected)
    {
        Assert.That(InternetChecksum.Accumulate(data), Is.EqualTo(expected));
    }

    [TestCase(0u, (ushort)0xFFFF)]
    [TestCase(0xFFFFu, (ushort)0)]
    [TestCase(0x1FFFEu, (ushort)0)]          // 0xFFFE + 1 = 0xFFFF -> complement 0
    [TestCase(0x2DDF0u, (ushort)0x220D)]     // the RFC 1071 example before the carry
    [TestCase(0xFFFFFFFFu, (ushort)0)]
    public void FoldAddsCarriesAndComplements(uint sum, ushort expected)
    {
        Assert.That(InternetChecksum.Fold(sum), Is.EqualTo(expected));
    }

    [Test]
    public void EveryLengthAndAlignmentMatchesScalarReference()
    {
        var random = new Random(1071);
        byte[] buffer = new byte[300 + 32];
        random.NextBytes(buffer);
        for (int offset = 0; offset < 32; offset++)
        {
            for (int length = 0; length <= 300; length++)
            {
                ReadOnlySpan<byte> data = buffer.AsSpan(offset, length);
                uint partial = (uint)random.Next();
                uint expected = InternetChecksum.AccumulateScalar(data, partial);
                Assert.That(InternetChecksum.Accumulate(data, partial), Is.EqualTo(expected), $"public, offset {offset} length {length}");
                Assert.That(InternetChecksum.AccumulateVector256(data, partial), Is.EqualTo(expected), $"256, offset {offset} length {length}");
                Assert.That(InternetChecksum.AccumulateVector128(data, partial), Is.EqualTo(expected), $"128, offset {offset} length {length}");
            }
        }
    }

    [Test]
    public void ResultStaysWithin16BitsSoItCanBeChained()
    {
        var random = new Random(7);
        byte[] data = new byte[2000];
        random.NextBytes(data);
        Assert.That(InternetChecksum.Accumulate(data, uint.MaxValue), Is.LessThanOrEqualTo(0xFFFFu));
        Assert.That(InternetChecksum.Accumulate(data, uint.MaxValue), Is.EqualTo(InternetChecksum.AccumulateScalar(data, uint.MaxValue)));
    }

    [Test]
    public void LargeRandomBufferMatchesScalarAndPieces()
    {
        var random = new Random(65537);
        byte[] data = new byte[(1 << 20) + 7];
        random.NextBytes(data);
        uint expected = InternetChecksum.AccumulateScalar(data);
        Assert.That(InternetChecksum.Accumulate(data), Is.EqualTo(expected));
        Assert.That(InternetChecksum.AccumulateVector128(data), Is.EqualTo(expected));
        Assert.That(InternetChecksum.AccumulateVector256(data), Is.EqualTo(expected));

        // Even-length pieces chain to the same result; only the last piece is odd.
        uint chained = InternetChecksum.Accumulate(data.AsSpan(0, 1000));
        chained = InternetChecksum.Accumulate(data.AsSpan(1000, 500_000), chained);
        chained = InternetChecksum.Accumulate(data.AsSpan(501_000), chained);
        Assert.That(chained, Is.EqualTo(expected));
    }

    [Test]
    public void LargeBufferOfOnesDoesNotOverflow()
    {
        // All-ones words maximise every lane; 8 MiB is far past any 32-bit accumulator's limit.
        byte[] data = new byte[8 << 20];
        data.AsSpan().Fill(0xFF);
        Assert.That(InternetChecksum.Accumulate(data), Is.EqualTo(0xFFFFu));
        Assert.That(InternetChecksum.Compute(data), Is.EqualTo((ushort)0));
    }

    [Test]
    public void DataWithItsChecksumInsertedVerifiesToZero()
    {
        var random = new Random(42);
        for (int length = 2; length <= 200; length += 2)
        {
            byte[] data = new byte[length + 2];
            random.NextBytes(data.AsSpan(0, length));
            ushort checksum = InternetChecksum.Compute(data);
            data[length] = (byte)(checksum >> 8);
            data[length + 1] = (byte)checksum;
            Assert.That(InternetChecksum.Compute(data), Is.EqualTo((ushort)0), $"length {length}");
        }
    }
}
