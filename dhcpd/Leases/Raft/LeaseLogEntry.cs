using System.Buffers;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Server.Leases.IscFile;

namespace IPoIBDhcp.Server.Leases.Raft;

/// <summary>
/// A batch of leases as a Raft log entry: the same <c>lease … { … }</c> records dhcpd.leases holds, one after the
/// other, so the log, the snapshots and the single-server journal share one format an admin can read, and one
/// codec that is already tested against ISC's files.
/// </summary>
public sealed class LeaseLogEntry
{
    private readonly IscLeaseFileWriter writer = new();
    private readonly IscLeaseFileReader reader = new(maxDiagnostics: 4);

    /// <summary>The payload for <paramref name="leases"/>, in commit order (a later record for an address wins).</summary>
    public byte[] Encode(IEnumerable<Lease> leases)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        foreach (var lease in leases) writer.WriteLease(buffer, lease);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The leases in <paramref name="payload"/>, in order; throws <see cref="InvalidDataException"/> when it holds none
    /// or anything that is not a well-formed lease record.
    /// </summary>
    public IReadOnlyList<Lease> Decode(in ReadOnlySequence<byte> payload)
    {
        LeaseFileContent content;
        if (payload.IsSingleSegment)
        {
            content = reader.Read(payload.FirstSpan);
        }
        else
        {
            byte[] copy = ArrayPool<byte>.Shared.Rent(checked((int)payload.Length));
            try
            {
                payload.CopyTo(copy);
                content = reader.Read(copy.AsSpan(0, (int)payload.Length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(copy);
            }
        }
        if (content.Leases.Count == 0 || content.TornTail || content.Diagnostics.Any(d => !d.IsNote))
        {
            string why = content.Diagnostics.Where(d => !d.IsNote).Select(d => d.Message).FirstOrDefault()
                ?? (content.TornTail ? "an incomplete record" : "no lease record");
            throw new InvalidDataException($"log entry is not a batch of lease records: {why}");
        }
        return content.Leases;
    }
}
