using System.Buffers;
using System.Runtime.InteropServices;
using IPoIBDhcp.Engine;

namespace IPoIBDhcp.Server.Intake;

/// <summary>
/// The requests one receive loop has read and not yet decided, and the order it decides them in when it falls behind
/// (a boot storm). Requests that finish a transaction (REQUEST, DECLINE, RELEASE, INFORM) go first, oldest first: their
/// client waits on work already done for it (an OFFER), and each one decided is a node closer to booting. DISCOVERs go
/// after them, newest first, as Kea's packet queue serves them: in overload the newest are the ones whose clients still
/// listen, and a client that retransmits moves to the front with its new copy. A retransmission replaces the copy
/// still waiting, so it is decided once. When the backlog is full the oldest DISCOVER makes room. Everything dropped is
/// counted in <see cref="IntakeCounters"/>.
/// </summary>
/// <remarks>
/// Not thread-safe: one per receive loop. Datagrams are copied into buffers from <see cref="ArrayPool{T}.Shared"/>;
/// <see cref="Release"/> returns each once its request is decided. Adding and taking cost O(1): a copy a retransmission
/// leaves behind in the DISCOVER queue is skipped (and its buffer returned) when the queue reaches it.
/// </remarks>
public sealed class RequestBacklog
{
    private readonly Queue finishing;
    private readonly Queue discovers;
    private readonly IntakeCounters counters;

    /// <summary>Creates a backlog holding at most <paramref name="capacity"/> requests.</summary>
    public RequestBacklog(int capacity, IntakeCounters counters)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        this.counters = counters;
        finishing = new Queue(capacity);
        discovers = new Queue(capacity);
    }

    /// <summary>The most requests held at once.</summary>
    public int Capacity { get; }

    /// <summary>Requests waiting.</summary>
    public int Count => finishing.Live + discovers.Live;

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
        if (!isDiscover)
        {
            // A retransmitted REQUEST keeps the place its first copy earned.
            if (keyed && finishing.TryReplace(transaction, datagram, received))
            {
                counters.CountSuperseded();
                return true;
            }
            if (Count >= Capacity)
            {
                if (!discovers.TryDropOldest())
                {
                    counters.CountShed(discover: false);
                    return false;
                }
                counters.CountShed(discover: true);
            }
            for (int n = finishing.Push(datagram, received, isDiscover: false, transaction, keyed); n > 0; n--) counters.CountShed(discover: false);
            counters.SawDepth(Count);
            return true;
        }
        // A retransmitted DISCOVER leaves its first copy behind and goes to the front with the new one.
        if (keyed && discovers.Forget(transaction)) counters.CountSuperseded();
        else if (Count >= Capacity)
        {
            if (!discovers.TryDropOldest())
            {
                counters.CountShed(discover: true);
                return false;
            }
            counters.CountShed(discover: true);
        }
        for (int n = discovers.Push(datagram, received, isDiscover: true, transaction, keyed); n > 0; n--) counters.CountShed(discover: true);
        counters.SawDepth(Count);
        return true;
    }

    /// <summary>The next request to decide, if any: the oldest that finishes a transaction, else the newest DISCOVER.</summary>
    public bool TryTake(out BacklogEntry entry) => finishing.TryPopOldest(out entry) || discovers.TryPopNewest(out entry);

    /// <summary>Returns the buffer of a request taken with <see cref="TryTake"/> once it is decided (its bytes are not used after).</summary>
    public static void Release(in BacklogEntry entry) => ArrayPool<byte>.Shared.Return(entry.Buffer);

    /// <summary>
    /// A double-ended queue of entries in a ring, with an index from transaction to the sequence number of its live entry.
    /// An entry whose transaction no longer points at it (forgotten) is dead: it holds a place, not a request, and is
    /// skipped and freed when an end of the queue reaches it.
    /// </summary>
    private sealed class Queue(int capacity)
    {
        // Places for twice the live requests at most, so the dead copies retransmissions leave behind never crowd out a
        // live one in normal use; the ring grows to that as needed instead of being allocated at its largest.
        private readonly int maxPlaces = (int)Math.Min(2L * capacity, Array.MaxLength);
        private BacklogEntry[] ring = new BacklogEntry[Math.Min(64, 2 * capacity)];
        private readonly Dictionary<ulong, long> live = [];
        private long first, next; // sequence numbers of the first entry and of the next push

        /// <summary>Requests (live entries) in the queue.</summary>
        public int Live { get; private set; }

        private int Held => (int)(next - first);

        private ref BacklogEntry At(long sequence) => ref ring[(int)(sequence % ring.Length)];

        private bool IsLive(in BacklogEntry e) => !e.Keyed || (live.TryGetValue(e.Transaction, out long s) && s == e.Sequence);

        /// <summary>Adds an entry at the new end; returns how many live requests at the old end were dropped to make a place (only when every place is taken).</summary>
        public int Push(ReadOnlySpan<byte> datagram, ReceivedDatagram received, bool isDiscover, ulong transaction, bool keyed)
        {
            int dropped = 0;
            if (Held == ring.Length)
            {
                if (ring.Length < maxPlaces) Grow();
                else Compact();
            }
            while (Held == ring.Length)
                if (DropFirst()) dropped++;
            At(next) = Copy(datagram, received, isDiscover, transaction, keyed, next);
            if (keyed) live[transaction] = next;
            next++;
            Live++;
            return dropped;
        }

        /// <summary>
        /// Removes the dead places, keeping the live requests in order. Runs only when every place is taken, and at most
        /// half of them are live then (the backlog's capacity), so each run frees at least as many places as it moves.
        /// </summary>
        private void Compact()
        {
            long sequence = first;
            for (long s = first; s < next; s++)
            {
                var e = At(s);
                At(s) = default;
                if (!IsLive(e))
                {
                    ArrayPool<byte>.Shared.Return(e.Buffer);
                    continue;
                }
                At(sequence) = e.WithSequence(sequence);
                if (e.Keyed) live[e.Transaction] = sequence;
                sequence++;
            }
            next = sequence;
        }

        private void Grow()
        {
            var larger = new BacklogEntry[(int)Math.Min(2L * ring.Length, maxPlaces)];
            for (long s = first; s < next; s++) larger[(int)(s % larger.Length)] = At(s);
            ring = larger;
        }

        public bool TryReplace(ulong transaction, ReadOnlySpan<byte> datagram, ReceivedDatagram received)
        {
            if (!live.TryGetValue(transaction, out long sequence)) return false;
            ref var slot = ref At(sequence);
            ArrayPool<byte>.Shared.Return(slot.Buffer);
            slot = Copy(datagram, received, slot.IsDiscover, transaction, keyed: true, sequence);
            return true;
        }

        /// <summary>Makes the waiting copy of <paramref name="transaction"/> dead; false when none waits.</summary>
        public bool Forget(ulong transaction)
        {
            if (!live.Remove(transaction)) return false;
            Live--;
            return true;
        }

        /// <summary>Drops the oldest live request (and the dead places before it); false when none is left.</summary>
        public bool TryDropOldest()
        {
            while (Held > 0)
                if (DropFirst()) return true;
            return false;
        }

        // Frees the first place; true when it held a live request (which is then dropped).
        private bool DropFirst()
        {
            ref var slot = ref At(first);
            bool wasLive = IsLive(slot);
            if (wasLive)
            {
                if (slot.Keyed) live.Remove(slot.Transaction);
                Live--;
            }
            ArrayPool<byte>.Shared.Return(slot.Buffer);
            slot = default;
            first++;
            return wasLive;
        }

        public bool TryPopOldest(out BacklogEntry entry)
        {
            while (Held > 0)
            {
                ref var slot = ref At(first);
                entry = slot;
                slot = default;
                first++;
                if (TakeIfLive(entry)) return true;
            }
            entry = default;
            return false;
        }

        public bool TryPopNewest(out BacklogEntry entry)
        {
            while (Held > 0)
            {
                ref var slot = ref At(next - 1);
                entry = slot;
                slot = default;
                next--;
                if (TakeIfLive(entry)) return true;
            }
            entry = default;
            return false;
        }

        private bool TakeIfLive(in BacklogEntry entry)
        {
            if (!IsLive(entry))
            {
                ArrayPool<byte>.Shared.Return(entry.Buffer);
                return false;
            }
            if (entry.Keyed) live.Remove(entry.Transaction);
            Live--;
            return true;
        }

        private static BacklogEntry Copy(ReadOnlySpan<byte> datagram, ReceivedDatagram received, bool isDiscover, ulong transaction, bool keyed, long sequence)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
            datagram.CopyTo(buffer);
            return new BacklogEntry(buffer, datagram.Length, received, isDiscover, transaction, keyed, sequence);
        }
    }
}
