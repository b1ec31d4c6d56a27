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

    /// <summary>
    /// With <c>group</c>: milliseconds the writer lets a batch fill before its write and fsync (0 to 100). An fsync
    /// costs kernel CPU whatever it carries; 1 ms cut dhcpd's CPU per lease by a quarter at 4,000-8,000 DORA/s, for
    /// at most a millisecond or two more before each ACK.
    /// </summary>
    public double CommitDelayMs { get; set; } = 1;
}
