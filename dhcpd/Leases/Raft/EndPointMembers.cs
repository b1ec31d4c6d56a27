using System.Net;
using DotNext.Buffers;
using DotNext.Net;
using DotNext.Net.Cluster.Consensus.Raft.Membership;

namespace IPoIBDhcp.Server.Leases.Raft;

/// <summary>
/// The member list as DotNext keeps it: every member starts from the same static list in the settings (no
/// announcements, no joins at run time), so the in-memory storage only has to say how an endpoint is encoded.
/// </summary>
internal sealed class EndPointMembers : InMemoryClusterConfigurationStorage<EndPoint>
{
    /// <summary>A storage whose initial configuration is <paramref name="members"/>.</summary>
    public EndPointMembers(IEnumerable<IPEndPoint> members)
    {
        var builder = CreateInitialConfigurationBuilder();
        foreach (var member in members) builder.Add(member);
        builder.Build();
    }

    /// <inheritdoc/>
    protected override void Encode(EndPoint address, ref BufferWriterSlim<byte> writer) => writer.WriteEndPoint(address);

    /// <inheritdoc/>
    protected override EndPoint Decode(ref SequenceReader reader) => reader.ReadEndPoint();
}
