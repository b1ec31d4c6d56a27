using IPoIBDhcp.Engine;

namespace IPoIBDhcp.Server.Intake;

/// <summary>One received datagram waiting in a <see cref="RequestBacklog"/>: its bytes (a pooled buffer the backlog owns) and where it came from.</summary>
public readonly struct BacklogEntry
{
    internal BacklogEntry(byte[] buffer, int length, ReceivedDatagram received, bool isDiscover, ulong transaction, bool keyed)
    {
        Buffer = buffer;
        Length = length;
        Received = received;
        IsDiscover = isDiscover;
        Transaction = transaction;
        Keyed = keyed;
    }

    internal byte[] Buffer { get; }

    /// <summary>The datagram's UDP payload.</summary>
    public ReadOnlyMemory<byte> Datagram => Buffer.AsMemory(0, Length);

    /// <summary>Its length in bytes.</summary>
    public int Length { get; }

    /// <summary>Where it came from and how it was addressed.</summary>
    public ReceivedDatagram Received { get; }

    /// <summary>True for a DHCPDISCOVER (a transaction's start, served after the requests that finish one).</summary>
    public bool IsDiscover { get; }

    internal ulong Transaction { get; }

    internal bool Keyed { get; }
}
