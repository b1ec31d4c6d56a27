using System.Buffers;
using IPoIBDhcp.Leases;

namespace IPoIBDhcp.Server.Cluster;

/// <summary>
/// A lease as a Raft log entry: the same <c>lease … { … }</c> record dhcpd.leases holds, so the log, the snapshots
/// and the single-server journal share one format an admin can read, and one codec that is already tested against
/// ISC's files.
/// </summary>
public sealed class LeaseLogEntry
{
    private readonly IscLeaseFileWriter writer = new();
    private readonly IscLeaseFileReader reader = new(maxDiagnostics: 4);

    /// <summary>The payload for <paramref name="lease"/>.</summary>
    public byte[] Encode(Lease lease)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        writer.WriteLease(buffer, lease);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The lease in <paramref name="payload"/>; throws <see cref="InvalidDataException"/> when it holds not exactly one lease.</summary>
    public Lease Decode(in ReadOnlySequence<byte> payload)
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
        if (content.Leases.Count != 1 || content.Diagnostics.Any(d => !d.IsNote))
        {
            string why = content.Diagnostics.Where(d => !d.IsNote).Select(d => d.Message).FirstOrDefault() ?? $"{content.Leases.Count} lease records";
            throw new InvalidDataException($"log entry is not one lease record: {why}");
        }
        return content.Leases[0];
    }
}
