using System.Runtime.InteropServices;
using IPoIBDhcp.Engine.Linux;

namespace IPoIBDhcp.Engine.Udp;

/// <summary>
/// Datagrams read from a UDP socket with one <c>recvmmsg</c>: a server that is keeping up gets one datagram per call, as
/// with <c>recvfrom</c>; one that fell behind gets up to <see cref="Size"/> per system call, and learns that it fell
/// behind without asking the kernel again. The slots are pinned, allocated once per port.
/// </summary>
internal sealed unsafe class UdpReceiveBatch
{
    /// <summary>Datagrams read per call at most.</summary>
    public const int Size = 16;

    private const int NameSize = 16; // sockaddr_in
    private readonly int slotSize;
    private readonly byte[] slots;
    private readonly byte[] names = GC.AllocateArray<byte>(Size * NameSize, pinned: true);
    private readonly int[] lengths = new int[Size];
    private readonly bool[] truncated = new bool[Size];
    private int next, count;

    /// <summary>Creates a batch whose slots hold datagrams of up to <paramref name="largest"/> bytes (a longer one is reported truncated).</summary>
    public UdpReceiveBatch(int largest)
    {
        slotSize = largest + 1;
        slots = GC.AllocateUninitializedArray<byte>(Size * slotSize, pinned: true);
    }

    /// <summary>True while datagrams of the last read are not taken yet.</summary>
    public bool HasMore => next < count;

    /// <summary>True when the last read filled every slot: more may be queued in the kernel.</summary>
    public bool WasFull => count == Size;

    /// <summary>
    /// Reads what the socket has queued, up to <see cref="Size"/>: with <paramref name="wait"/>, blocking for the first
    /// (within the socket's receive timeout), else not at all. Returns the count, or minus the errno.
    /// </summary>
    public int Fill(SafeHandle socket, bool wait)
    {
        var headers = stackalloc Libc.MultiMessageHeader[Size];
        var vectors = stackalloc Libc.IOVector[Size];
        fixed (byte* data = slots)
        fixed (byte* from = names)
        {
            for (int i = 0; i < Size; i++)
            {
                vectors[i] = new Libc.IOVector { Base = data + (long)i * slotSize, Length = (nuint)slotSize };
                headers[i] = new Libc.MultiMessageHeader
                {
                    Header = new Libc.MessageHeader { Name = from + i * NameSize, NameLength = NameSize, IOVectors = &vectors[i], IOVectorCount = 1 },
                };
            }
            int n = Libc.recvmmsg(socket, headers, Size, wait ? Libc.MSG_WAITFORONE : Libc.MSG_DONTWAIT, null);
            if (n < 0)
            {
                next = count = 0;
                return -Marshal.GetLastPInvokeError();
            }
            for (int i = 0; i < n; i++)
            {
                lengths[i] = (int)headers[i].Length;
                truncated[i] = (headers[i].Header.Flags & Libc.MSG_TRUNC) != 0;
            }
            next = 0;
            count = n;
            return n;
        }
    }

    /// <summary>Takes the next datagram of the last read: its payload, its source (a <c>sockaddr_in</c>) and whether it was cut short.</summary>
    public bool TryTake(out ReadOnlySpan<byte> payload, out ReadOnlySpan<byte> source, out bool wasTruncated)
    {
        if (next >= count)
        {
            payload = source = default;
            wasTruncated = false;
            return false;
        }
        int i = next++;
        payload = slots.AsSpan(i * slotSize, Math.Min(lengths[i], slotSize));
        source = names.AsSpan(i * NameSize, NameSize);
        wasTruncated = truncated[i];
        return true;
    }
}
