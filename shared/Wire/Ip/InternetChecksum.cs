using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace IPoIBDhcp.Wire.Ip;

/// <summary>
/// The RFC 1071 Internet checksum (16-bit one's-complement sum) that IPv4 headers and UDP datagrams carry.
/// The engine builds and checks every IPv4/UDP packet itself, so this runs on every packet sent and received:
/// it is vectorized, allocation-free and stateless.
/// </summary>
/// <remarks>
/// <para>
/// Sums can be built in pieces (pseudo-header, then header, then payload) by passing the result of one
/// <see cref="Accumulate"/> call as <c>partial</c> to the next. Every piece except the last must have an
/// <b>even</b> length: the checksum is over 16-bit words, and an odd piece would shift the word boundaries
/// of everything after it (the odd trailing byte is padded with a zero low byte, RFC 1071 section 4).
/// </para>
/// <para>
/// Vector path: unaligned loads of 32-bit native-order words widened into 64-bit lanes, which cannot
/// overflow for any span length. One's-complement sums are byte-order independent (RFC 1071 section 2 B),
/// so the native (little-endian) sum is byte-swapped once at the end instead of swapping every word.
/// </para>
/// </remarks>
public static class InternetChecksum
{
    /// <summary>Below this many bytes the scalar loop beats setting up vectors (IPv4 headers, pseudo-headers).</summary>
    private const int VectorThreshold = 64;

    /// <summary>
    /// Adds <paramref name="data"/> to a running one's-complement sum, so a checksum can span separate buffers.
    /// Only the last piece of a multi-piece sum may have an odd length.
    /// </summary>
    /// <param name="data">Bytes to add, as big-endian 16-bit words, at any alignment.</param>
    /// <param name="partial">The result of a previous call (or any 32-bit partial sum), 0 to start.</param>
    /// <returns>The sum reduced to the range 0..0xFFFF, not yet complemented; finish with <see cref="Fold"/>.</returns>
    public static uint Accumulate(ReadOnlySpan<byte> data, uint partial = 0)
    {
        if (data.Length >= VectorThreshold)
        {
            if (Vector256.IsHardwareAccelerated)
            {
                return AccumulateVector256(data, partial);
            }

            if (Vector128.IsHardwareAccelerated)
            {
                return AccumulateVector128(data, partial);
            }
        }

        return AccumulateScalar(data, partial);
    }

    /// <summary>
    /// Turns a running sum into the checksum to put on the wire: folds carries into 16 bits and complements.
    /// When verifying, summing the data including its checksum field and folding yields 0 for intact data.
    /// </summary>
    /// <param name="sum">A sum from <see cref="Accumulate"/> (any 32-bit value is accepted).</param>
    public static ushort Fold(uint sum)
    {
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    /// <summary>The checksum of one contiguous buffer: <c>Fold(Accumulate(data))</c>.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => Fold(Accumulate(data));

    /// <summary>
    /// Word-at-a-time reference implementation: used for short inputs and vector tails, and by tests as the
    /// oracle the vector paths must match.
    /// </summary>
    internal static uint AccumulateScalar(ReadOnlySpan<byte> data, uint partial = 0) =>
        Reduce(partial + SumScalar(data));

    /// <summary>256-bit path (64 bytes per iteration), with a 128-bit and scalar tail. Correct for any length.</summary>
    internal static uint AccumulateVector256(ReadOnlySpan<byte> data, uint partial = 0)
    {
        ref byte start = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;
        nuint i = 0;
        Vector256<ulong> acc0 = Vector256<ulong>.Zero;
        Vector256<ulong> acc1 = Vector256<ulong>.Zero;
        Vector256<ulong> acc2 = Vector256<ulong>.Zero;
        Vector256<ulong> acc3 = Vector256<ulong>.Zero;

        for (; i + 64 <= length; i += 64)
        {
            (Vector256<ulong> lo0, Vector256<ulong> hi0) = Vector256.Widen(Vector256.LoadUnsafe(ref start, i).AsUInt32());
            (Vector256<ulong> lo1, Vector256<ulong> hi1) = Vector256.Widen(Vector256.LoadUnsafe(ref start, i + 32).AsUInt32());
            acc0 += lo0;
            acc1 += hi0;
            acc2 += lo1;
            acc3 += hi1;
        }

        if (i + 32 <= length)
        {
            (Vector256<ulong> lo, Vector256<ulong> hi) = Vector256.Widen(Vector256.LoadUnsafe(ref start, i).AsUInt32());
            acc0 += lo;
            acc1 += hi;
            i += 32;
        }

        ulong native = Vector256.Sum((acc0 + acc1) + (acc2 + acc3));
        native += SumVector128(ref start, ref i, length);
        return Combine(native, data[(int)i..], partial);
    }

    /// <summary>128-bit path (for hardware without 256-bit vectors), with a scalar tail. Correct for any length.</summary>
    internal static uint AccumulateVector128(ReadOnlySpan<byte> data, uint partial = 0)
    {
        ref byte start = ref MemoryMarshal.GetReference(data);
        nuint i = 0;
        ulong native = SumVector128(ref start, ref i, (nuint)data.Length);
        return Combine(native, data[(int)i..], partial);
    }

    /// <summary>Sums native-order 32-bit words 16 bytes at a time from <paramref name="i"/>, advancing it.</summary>
    private static ulong SumVector128(ref byte start, ref nuint i, nuint length)
    {
        Vector128<ulong> acc0 = Vector128<ulong>.Zero;
        Vector128<ulong> acc1 = Vector128<ulong>.Zero;
        for (; i + 16 <= length; i += 16)
        {
            (Vector128<ulong> lo, Vector128<ulong> hi) = Vector128.Widen(Vector128.LoadUnsafe(ref start, i).AsUInt32());
            acc0 += lo;
            acc1 += hi;
        }

        return Vector128.Sum(acc0 + acc1);
    }

    /// <summary>
    /// Merges a native-order vector sum (of an even number of bytes) with the big-endian scalar tail and partial.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Combine(ulong native, ReadOnlySpan<byte> tail, uint partial)
    {
        uint folded = Reduce(native);
        if (BitConverter.IsLittleEndian)
        {
            folded = BinaryPrimitives.ReverseEndianness((ushort)folded);
        }

        return Reduce((ulong)partial + folded + SumScalar(tail));
    }

    /// <summary>Plain sum of big-endian 16-bit words (odd last byte padded with a zero low byte).</summary>
    private static ulong SumScalar(ReadOnlySpan<byte> data)
    {
        ulong sum = 0;
        int i = 0;
        for (; i + 2 <= data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (i < data.Length)
        {
            sum += (uint)data[i] << 8;
        }

        return sum;
    }

    /// <summary>End-around-carry reduction of a 64-bit sum to 0..0xFFFF (same value modulo 0xFFFF).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Reduce(ulong sum)
    {
        sum = (sum & 0xFFFF_FFFF) + (sum >> 32);
        sum = (sum & 0xFFFF_FFFF) + (sum >> 32);
        uint s = (uint)sum;
        s = (s & 0xFFFF) + (s >> 16);
        s = (s & 0xFFFF) + (s >> 16);
        return s;
    }
}
