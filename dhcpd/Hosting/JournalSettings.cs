namespace IPoIBDhcp.Server.Hosting;

/// <summary>The lease journal's flush policy (section <c>Journal</c> of the daemon settings).</summary>
public sealed class JournalSettings
{
    /// <summary>
    /// <c>group</c> (default): an ACK waits for the fsync of the batch its lease is in;
    /// <c>always</c>: one fsync per lease, as ISC; <c>none</c>: no fsync (tests on tmpfs only: leases can be lost).
    /// </summary>
    public string Flush { get; set; } = "group";

    /// <summary>Compact (rewrite) the journal once it holds this many times the live leases.</summary>
    public int CompactionFactor { get; set; } = 4;
}
