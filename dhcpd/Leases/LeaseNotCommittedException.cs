namespace IPoIBDhcp.Server.Leases;

/// <summary>
/// A lease commit that did not become durable, for a reason the server reports and survives (this member
/// stopped leading, the quorum is out of reach, the commit timed out): the ACK is withheld and the client
/// retransmits. An <see cref="IOException"/> because to the server it is a failed write like any other.
/// </summary>
public sealed class LeaseNotCommittedException : IOException
{
    /// <summary>Creates the exception with the reason in plain words.</summary>
    public LeaseNotCommittedException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
