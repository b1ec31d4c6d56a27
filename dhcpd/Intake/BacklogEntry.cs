using IPoIBDhcp.Engine;

namespace IPoIBDhcp.Server.Intake;

/// <summary>One received datagram waiting in a <see cref="RequestBacklog"/>: its bytes (a pooled buffer the backlog owns) and where it came from.</summary>
public readonly struct BacklogEntry
{
    internal BacklogEntry(byte[] buffer, int length, ReceivedDatagram received, bool isDiscover, ulong transaction, bool keyed, long sequence)
    {
        Buffer = buffer;
        Length = length;
        Received = received;
        IsDiscover = isDiscover;
        Transaction = transaction;
        Keyed = keyed;
        Sequence = sequence;
    }

    internal byte[] Buffer { get; }

    internal BacklogEntry WithSequence(long sequence) => new(Buffer, Length, Received, IsDiscover, Transaction, Keyed, sequence);

    /// <summary>The datagram's UDP payload.</summary>
    public ReadOnlyMemory<byte> Datagram => Buffer.AsMemory(0, Length);

    /// <summary>Its length in bytes.</summary>
    public int Length { get; }

    /// <summary>Where it came from and how it was addressed.</summary>
    public ReceivedDatagram Received { get; }

    /// <summary>True for a DHCPDISCOVER (a transaction's start, served after the requests that finish one).</summary>
    public bool IsDiscover { get; }

    /// <summary>The client transaction it belongs to (see <see cref="RequestPeek"/>), when <see cref="Keyed"/>.</summary>
    internal ulong Transaction { get; }

    /// <summary>False for a datagram <see cref="RequestPeek"/> could not read: never taken for another's retransmission.</summary>
    internal bool Keyed { get; }

    /// <summary>Its position in its queue, counted from the queue's first push: how the transaction index finds it.</summary>
    internal long Sequence { get; }
}
