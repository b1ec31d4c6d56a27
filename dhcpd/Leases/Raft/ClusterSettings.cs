using System.Net;
using Microsoft.Extensions.Configuration;

namespace IPoIBDhcp.Server.Leases.Raft;

/// <summary>
/// Section <c>Cluster</c> of the daemon settings: who the Raft members are and how quickly they give up on
/// each other. Every member is started with the same list and its own <see cref="Endpoint"/>; the lease
/// state lives under <see cref="Directory"/> (write-ahead log and snapshots), not in <c>-lf</c>'s file.
/// </summary>
public sealed record ClusterSettings
{
    /// <summary>This member's Raft endpoint (<c>addr:port</c>, TCP); must be one of <see cref="Members"/>.</summary>
    public string Endpoint { get; init; } = "";

    /// <summary>Every member's Raft endpoint, this one included: 3 or 5 (an odd number, so a majority exists after a split).</summary>
    public IReadOnlyList<string> Members { get; init; } = [];

    /// <summary>Where this member keeps its log and snapshots.</summary>
    public string Directory { get; init; } = "/var/lib/dhcp/raft";

    /// <summary>Lower bound of the randomised election timeout (ms): how long followers wait for a silent leader.</summary>
    public int LowerElectionTimeoutMs { get; init; } = 300;

    /// <summary>Upper bound of the randomised election timeout (ms).</summary>
    public int UpperElectionTimeoutMs { get; init; } = 600;

    /// <summary>How long one Raft request to a member may take before that member counts as unreachable (ms).</summary>
    public int RequestTimeoutMs { get; init; } = 1000;

    /// <summary>How long a lease commit may wait for a majority before the ACK is withheld (ms); clients retransmit after 4 s.</summary>
    public int CommitTimeoutMs { get; init; } = 2000;

    /// <summary>Write a snapshot (all leases, dhcpd.leases format) once this many leases were committed since the last, so the log stays short.</summary>
    public int SnapshotEvery { get; init; } = 10_000;

    /// <summary>Reads the section; <c>Members</c> may be a list (<c>Members:0</c>, <c>Members:1</c>, …) or one comma-separated value.</summary>
    public static ClusterSettings Bind(IConfigurationSection section)
    {
        var defaults = new ClusterSettings();
        var members = section.GetSection("Members");
        IReadOnlyList<string> list = members.Value is { } joined
            ? joined.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : members.GetChildren().Select(c => c.Value ?? "").Where(v => v.Length > 0).ToArray();
        return defaults with
        {
            Endpoint = section["Endpoint"] ?? defaults.Endpoint,
            Members = list,
            Directory = section["Directory"] ?? defaults.Directory,
            LowerElectionTimeoutMs = section.GetValue("LowerElectionTimeoutMs", defaults.LowerElectionTimeoutMs),
            UpperElectionTimeoutMs = section.GetValue("UpperElectionTimeoutMs", defaults.UpperElectionTimeoutMs),
            RequestTimeoutMs = section.GetValue("RequestTimeoutMs", defaults.RequestTimeoutMs),
            CommitTimeoutMs = section.GetValue("CommitTimeoutMs", defaults.CommitTimeoutMs),
            SnapshotEvery = section.GetValue("SnapshotEvery", defaults.SnapshotEvery),
        };
    }

    /// <summary>Checks the settings and resolves the endpoints; on failure <paramref name="error"/> says what to fix.</summary>
    public bool TryResolve(out ClusterMembership membership, out string error)
    {
        membership = null!;
        if (Members.Count == 0)
        {
            error = "Cluster:Members is empty: list every member's addr:port (this one included)";
            return false;
        }
        var endpoints = new List<IPEndPoint>();
        foreach (var text in Members)
        {
            if (!IPEndPoint.TryParse(text, out var ep) || ep.Port == 0)
            {
                error = $"Cluster:Members: '{text}' is not addr:port";
                return false;
            }
            if (endpoints.Contains(ep))
            {
                error = $"Cluster:Members: '{text}' is listed twice";
                return false;
            }
            endpoints.Add(ep);
        }
        if (endpoints.Count % 2 == 0)
        {
            error = $"Cluster:Members lists {endpoints.Count} members: use an odd number (3 or 5) so one side of any split keeps a majority";
            return false;
        }
        if (!IPEndPoint.TryParse(Endpoint, out var local) || local.Port == 0)
        {
            error = Endpoint.Length == 0 ? "Cluster:Endpoint is not set: give this member's addr:port from Cluster:Members" : $"Cluster:Endpoint: '{Endpoint}' is not addr:port";
            return false;
        }
        if (!endpoints.Contains(local))
        {
            error = $"Cluster:Endpoint {local} is not one of Cluster:Members ({string.Join(", ", endpoints)})";
            return false;
        }
        if (LowerElectionTimeoutMs < 50 || UpperElectionTimeoutMs <= LowerElectionTimeoutMs)
        {
            error = $"Cluster:LowerElectionTimeoutMs ({LowerElectionTimeoutMs}) must be at least 50 and below Cluster:UpperElectionTimeoutMs ({UpperElectionTimeoutMs})";
            return false;
        }
        if (RequestTimeoutMs <= 0 || CommitTimeoutMs <= 0 || SnapshotEvery <= 0)
        {
            error = "Cluster:RequestTimeoutMs, Cluster:CommitTimeoutMs and Cluster:SnapshotEvery must be positive";
            return false;
        }
        if (Directory.Length == 0)
        {
            error = "Cluster:Directory is empty";
            return false;
        }
        membership = new ClusterMembership(local, endpoints);
        error = "";
        return true;
    }
}
