using System.Net;

namespace IPoIBDhcp.Server.Leases.Raft;

/// <summary>The resolved member list of a cluster and which of them this process is.</summary>
/// <param name="Local">This member's Raft endpoint.</param>
/// <param name="Members">Every member's Raft endpoint, this one included.</param>
public sealed record ClusterMembership(IPEndPoint Local, IReadOnlyList<IPEndPoint> Members)
{
    /// <summary>How many members make a majority.</summary>
    public int Quorum => Members.Count / 2 + 1;
}
