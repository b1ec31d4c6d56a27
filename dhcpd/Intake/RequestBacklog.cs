using System.Buffers;
using IPoIBDhcp.Engine;

namespace IPoIBDhcp.Server.Intake;

/// <summary>
/// The requests one receive loop has read and not yet decided, and the order it decides them in when it falls behind:
/// requests that finish a transaction (REQUEST, DECLINE, RELEASE, INFORM) first, oldest first, since their client is
/// waiting on work already done for it (an OFFER); then DISCOVERs, newest first, since the oldest are the likeliest to
/// have been retransmitted or given up on. A copy of a message its client has sent again replaces the one waiting
/// (the retransmission is decided once); when the backlog is full the oldest DISCOVER makes room. Everything dropped is
/// counted in <see cref="IntakeCounters"/>. This is Kea's packet-queue idea, with the queue in the server's own loop.
/// </summary>
/// <remarks>
/// Not thread-safe: one per receive loop. Datagrams are copied into buffers from <see cref="ArrayPool{T}.Shared"/>;
/// <see cref="Release"/> returns each once its request is decided.
/// </remarks>
public sealed class RequestBacklog
{
    private readonly Ring finishing;
    private readonly Ring discovers;
    private readonly IntakeCounters counters;

    /// <summary>Creates a backlog holding at most <paramref name="capacity"/> requests.</summary>
    public RequestBacklog(int capacity, IntakeCounters counters)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        this.counters = counters;
        finishing = new Ring(capacity);
        discovers = new Ring(capacity);
    }

    /// <summary>The most requests held at once.</summary>
    public int Capacity { get; }

    /// <summary>Requests waiting.</summary>
    public int Count => finishing.Count + discovers.Count;

    /// <summary>True when nothing waits.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>
    /// Adds a copy of <paramref name="datagram"/>: it replaces a waiting copy of the same client message, or takes a
    /// free place, or the place of the oldest waiting DISCOVER; with the backlog full of requests that finish
    /// transactions, it is dropped itself. False when it was dropped.
    /// </summary>
    public bool Add(ReadOnlySpan<byte> datagram, ReceivedDatagram received)
    {
        bool keyed = RequestPeek.TryRead(datagram, out bool isDiscover, out ulong transaction);
        var ring = isDiscover ? discovers : finishing;
        if (keyed && ring.IndexOf(transaction) is int waiting and >= 0)
        {
            // A retransmission: the newer copy takes the older one's place (the client decides on the reply to either).
            ref var slot = ref ring[waiting];
            var older = slot;
            slot = Copy(datagram, received, isDiscover, transaction, keyed);
            ArrayPool<byte>.Shared.Return(older.Buffer);
            counters.CountSuperseded();
            return true;
        }
        if (Count >= Capacity)
        {
            if (discovers.Count == 0)
            {
                counters.CountShed(isDiscover);
                return false;
            }
            // DISCOVERs are the ones to lose: the oldest, which the newest replaces in the queue.
            ArrayPool<byte>.Shared.Return(discovers.PopFront().Buffer);
            counters.CountShed(discover: true);
        }
        ring.PushBack(Copy(datagram, received, isDiscover, transaction, keyed));
        return true;
    }

    /// <summary>The next request to decide, if any: the oldest that finishes a transaction, else the newest DISCOVER.</summary>
    public bool TryTake(out BacklogEntry entry)
    {
        if (finishing.Count > 0)
        {
            entry = finishing.PopFront();
            return true;
        }
        if (discovers.Count > 0)
        {
            entry = discovers.PopBack();
            return true;
        }
        entry = default;
        return false;
    }

    /// <summary>Returns the buffer of a request taken with <see cref="TryTake"/> once it is decided (its bytes are not used after).</summary>
    public static void Release(in BacklogEntry entry) => ArrayPool<byte>.Shared.Return(entry.Buffer);

    private static BacklogEntry Copy(ReadOnlySpan<byte> datagram, ReceivedDatagram received, bool isDiscover, ulong transaction, bool keyed)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
        datagram.CopyTo(buffer);
        return new BacklogEntry(buffer, datagram.Length, received, isDiscover, transaction, keyed);
    }

    /// <summary>A fixed-size double-ended queue.</summary>
    private sealed class Ring(int capacity)
    {
        private readonly BacklogEntry[] items = new BacklogEntry[capacity];
        private int head;

        public int Count { get; private set; }

        public ref BacklogEntry this[int index] => ref items[(head + index) % items.Length];

        public int IndexOf(ulong transaction)
        {
            for (int i = 0; i < Count; i++)
            {
                ref var e = ref this[i];
                if (e.Keyed && e.Transaction == transaction) return i;
            }
            return -1;
        }

        public void PushBack(BacklogEntry entry)
        {
            items[(head + Count) % items.Length] = entry;
            Count++;
        }

        public BacklogEntry PopFront()
        {
            var e = items[head];
            items[head] = default;
            head = (head + 1) % items.Length;
            Count--;
            return e;
        }

        public BacklogEntry PopBack()
        {
            int last = (head + Count - 1) % items.Length;
            var e = items[last];
            items[last] = default;
            Count--;
            return e;
        }
    }
}
